package dev.upkeep.cli.release;

import dev.upkeep.archive.ReleaseId;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code upkeep release yank NAME --version V --archive A --reason TEXT}. */
@Command(
    name = "yank",
    description = {
      "Mark a release as one not to use.",
      "Records the reason in the release's record (a field rmellipse ignores). A yanked release"
          + " stays fetchable but is not chosen while another release matches.",
      "Exit codes: 0 yanked, 1 no such release, 2 usage or I/O error."
    })
public final class YankCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  /** {@code -h/--help} alone: picocli's {@code -V/--version} would take this command's version. */
  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help message and exit.")
  boolean help;

  @Parameters(index = "0", paramLabel = "NAME", description = "The release title.")
  String name;

  @Option(names = "--version", required = true, paramLabel = "V", description = "The version.")
  String version;

  @Mixin ArchiveOptions archive;

  @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why.")
  String reason;

  @Override
  public Integer call() {
    var err = spec.commandLine().getErr();
    return ReleaseExits.run(
        err,
        () -> {
          ReleaseId id = archive.release(name, version);
          archive.open(err).yank(id, reason);
          spec.commandLine().getOut().println("yanked release " + id + ": " + reason.strip());
          spec.commandLine().getOut().flush();
          return ReleaseExits.OK;
        });
  }
}
