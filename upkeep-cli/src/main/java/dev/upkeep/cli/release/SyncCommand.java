package dev.upkeep.cli.release;

import dev.upkeep.archive.FileSystemArchive;
import dev.upkeep.archive.ReleaseRecord;
import dev.upkeep.archive.Releases;
import dev.upkeep.archive.Sync;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code upkeep release sync PROJECT_DIR [--update]}: rmellipse's sync. */
@Command(
    name = "sync",
    mixinStandardHelpOptions = true,
    description = {
      "Fetch a project's required releases and link them into data_env/.",
      "Resolves requires-releases of rmeproject.yml and the workflow file transitively (the"
          + " highest versions satisfying every constraint, the lock file's kept while they still"
          + " do), pulls each into the user cache, links data_env/ as rmellipse does and writes"
          + " the lock file (<workflow>.lock).",
      "Exit codes: 0 synced, 1 the requirements conflict or a release cannot be pulled, 2 usage"
          + " or I/O error."
    })
public final class SyncCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "PROJECT_DIR", description = "The project.")
  Path project;

  @Option(
      names = "--archive",
      paramLabel = "DIR",
      description =
          "The archive (default: the one rme.yml marks default: true; relative to the project).")
  String archive;

  @Option(
      names = "--workflow",
      paramLabel = "W",
      description = "The workflow file (default: the project's only *.rme.yml).")
  Path workflow;

  @Option(names = "--update", description = "Resolve afresh: ignore the lock file.")
  boolean update;

  @Option(
      names = "--cache",
      paramLabel = "DIR",
      description = "Where releases are kept (default: $XDG_CACHE_HOME/upkeep/releases).")
  Path cache;

  @Option(names = "--threads", paramLabel = "N", description = "Transfer threads.")
  Integer threads;

  @Override
  public Integer call() {
    var err = spec.commandLine().getErr();
    return ReleaseExits.run(
        err,
        () -> {
          String host = archive != null ? archive : Sync.defaultArchive(project).orElse(null);
          if (host == null) {
            throw new IllegalArgumentException(
                "no archive: give --archive DIR or mark one default: true in rme.yml");
          }
          Releases releases = Releases.on(FileSystemArchive.open(project.resolve(host)));
          if (threads != null) {
            releases = releases.threads(threads);
          }
          Sync.Result result =
              new Sync(releases.listener(TransferProgress.on(err)), host, cacheDir())
                  .run(project, workflow, update);
          var out = spec.commandLine().getOut();
          for (Map.Entry<ReleaseRecord, Path> e : result.releases().entrySet()) {
            out.println("synced release " + e.getKey().id() + " (" + e.getValue() + ")");
          }
          out.println("locked in " + result.lock());
          out.flush();
          return ReleaseExits.OK;
        });
  }

  private Path cacheDir() {
    if (cache != null) {
      return cache;
    }
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base =
        xdg != null && !xdg.isBlank()
            ? Path.of(xdg)
            : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("upkeep").resolve("releases");
  }
}
