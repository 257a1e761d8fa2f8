package dev.upkeep.cli.release;

import dev.upkeep.archive.FileSystemArchive;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code upkeep release init DIR}: makes a file-system archive. */
@Command(
    name = "init",
    mixinStandardHelpOptions = true,
    description = {
      "Make a directory a release archive.",
      "Creates DIR if needed and writes its .rmearchive marker as rmellipse does. An archive is"
          + " left as it is.",
      "Exit codes: 0 done, 2 usage or I/O error."
    })
public final class InitCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DIR", description = "The archive directory.")
  Path dir;

  @Override
  public Integer call() {
    return ReleaseExits.run(
        spec.commandLine().getErr(),
        () -> {
          FileSystemArchive archive = FileSystemArchive.create(dir);
          spec.commandLine().getOut().println("release archive at " + archive.root());
          spec.commandLine().getOut().flush();
          return ReleaseExits.OK;
        });
  }
}
