package dev.upkeep.cli.release;

import dev.upkeep.archive.ReleaseId;
import dev.upkeep.archive.ReleaseRecord;
import dev.upkeep.archive.Releases;
import dev.upkeep.cli.output.OutputOptions;
import dev.upkeep.signing.Keys;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code upkeep release push DIR --archive A --title T --version V [--key K]}. */
@Command(
    name = "push",
    description = {
      "Publish a directory as a release.",
      "Chooses files as `upkeep release files` shows, stores each distinct file once by SHA-256,"
          + " then writes the record; with --key, signs the release's tree hash.",
      "Exit codes: 0 published, 1 that version is already there, 2 usage or I/O error."
    })
public final class PushCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  /** {@code -h/--help} alone: picocli's {@code -V/--version} would take this command's version. */
  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help message and exit.")
  boolean help;

  @Parameters(index = "0", paramLabel = "DIR", description = "The directory to publish.")
  Path dir;

  @Mixin ArchiveOptions archive;

  @Mixin SelectionOptions selection;

  @Mixin OutputOptions.Quiet quiet;

  @Option(names = "--title", required = true, paramLabel = "T", description = "Release title.")
  String title;

  @Option(
      names = "--version",
      required = true,
      paramLabel = "V",
      description = "SemVer 2.0 version, such as 1.2.3 or 1.2.3-rc.1.")
  String version;

  @Option(
      names = "--project",
      paramLabel = "OWNER/NAME",
      description =
          "On a collector: the registered project a title's first release belongs to (default:"
              + " the project named like the title).")
  String project;

  @Option(
      names = "--key",
      paramLabel = "PRIVATE.pem",
      description = "Sign the release with this private key (RSA or Ed25519 PEM).")
  Path key;

  @Override
  public Integer call() {
    var err = spec.commandLine().getErr();
    return ReleaseExits.run(
        err,
        () -> {
          ReleaseId id = archive.release(title, version);
          PrivateKey privateKey = key == null ? null : Keys.readPrivate(key);
          Releases releases = archive.open(err, project, quiet.on());
          ReleaseRecord record = releases.push(dir, id, selection.selection(), privateKey);
          var out = quiet.out(spec.commandLine().getOut());
          out.println(
              "pushed release "
                  + record.id()
                  + " to "
                  + releases.archive().describe()
                  + ": "
                  + record.files().size()
                  + " files"
                  + (record.signer().isPresent()
                      ? ", tree hash "
                          + record.treeHash().orElseThrow()
                          + " signed by "
                          + record.signer().get()
                      : ""));
          out.flush();
          return ReleaseExits.OK;
        });
  }
}
