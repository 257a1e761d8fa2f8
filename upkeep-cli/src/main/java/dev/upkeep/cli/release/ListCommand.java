package dev.upkeep.cli.release;

import dev.upkeep.archive.ReleaseId;
import dev.upkeep.archive.ReleaseVersion;
import dev.upkeep.archive.Releases;
import dev.upkeep.archive.Title;
import dev.upkeep.archive.VersionExpression;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code upkeep release list NAME [--constraint EXPR] --archive A}. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = {
      "List the releases of a title.",
      "One line per release, oldest first by SemVer precedence: the version, then `yanked: REASON`"
          + " for a yanked one. Without --constraint, every release, pre-releases included.",
      "Exit codes: 0 listed (even none), 2 usage or I/O error."
    })
public final class ListCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "NAME", description = "The release title.")
  String name;

  @Option(
      names = "--constraint",
      paramLabel = "EXPR",
      description = "Only versions matching EXPR, such as '>=0.1.0, <0.2.0' or '^1.2.0'.")
  String constraint;

  @Mixin ArchiveOptions archive;

  @Override
  public Integer call() {
    var err = spec.commandLine().getErr();
    return ReleaseExits.run(
        err,
        () -> {
          Title title = Title.of(name);
          VersionExpression expression =
              constraint == null ? null : VersionExpression.parse(constraint);
          Releases releases = archive.open(err);
          List<ReleaseVersion> versions = releases.list(archive.workspace(), title, expression);
          var out = spec.commandLine().getOut();
          for (ReleaseVersion v : versions) {
            ReleaseId id = new ReleaseId(archive.workspace(), title, v);
            String yank =
                releases
                    .archive()
                    .read(id)
                    .flatMap(r -> r.yank())
                    .map(y -> "\tyanked: " + y.reason())
                    .orElse("");
            out.println(v + yank);
          }
          out.flush();
          return ReleaseExits.OK;
        });
  }
}
