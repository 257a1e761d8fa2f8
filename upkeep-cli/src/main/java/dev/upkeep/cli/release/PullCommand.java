package dev.upkeep.cli.release;

import dev.upkeep.archive.ReleaseRecord;
import dev.upkeep.archive.Releases;
import dev.upkeep.archive.Title;
import dev.upkeep.archive.VersionExpression;
import dev.upkeep.cli.output.OutputOptions;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code upkeep release pull NAME [--constraint EXPR] --archive A --into DIR}. */
@Command(
    name = "pull",
    mixinStandardHelpOptions = true,
    description = {
      "Fetch the newest matching release into a directory.",
      "Writes the release's tree directly in DIR (new or empty; an interrupted pull into it is"
          + " resumed), every file checked for size and SHA-256, then DIR/.rme/record.yml last."
          + " Yanked releases are skipped unless nothing else matches.",
      "Exit codes: 0 pulled, 1 no such release or a blob missing or corrupt, 2 usage or I/O"
          + " error."
    })
public final class PullCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "NAME", description = "The release title.")
  String name;

  @Option(
      names = "--constraint",
      paramLabel = "EXPR",
      description = "Versions to choose from, such as '>=0.1.0, <0.2.0' (default: any stable).")
  String constraint;

  @Mixin ArchiveOptions archive;

  @Mixin OutputOptions.Quiet quiet;

  @Option(names = "--into", required = true, paramLabel = "DIR", description = "Where to write.")
  Path into;

  @Override
  public Integer call() {
    var err = spec.commandLine().getErr();
    return ReleaseExits.run(
        err,
        () -> {
          Title title = Title.of(name);
          VersionExpression expression =
              constraint == null ? VersionExpression.ANY : VersionExpression.parse(constraint);
          Releases releases = archive.open(err, null, quiet.on());
          ReleaseRecord record = releases.resolve(archive.workspace(), title, expression);
          Releases.PullResult result = releases.pull(record, into);
          var out = quiet.out(spec.commandLine().getOut());
          if (result.cached()) {
            out.println("release " + record.id() + " is already in " + into);
          } else {
            out.printf(
                "pulled release %s into %s: %d files (%d fetched, %d already there or shared),"
                    + " %.1f MiB fetched%n",
                record.id(),
                into,
                result.files(),
                result.fetched(),
                result.reused(),
                result.bytes() / (1024.0 * 1024.0));
          }
          out.flush();
          return ReleaseExits.OK;
        });
  }
}
