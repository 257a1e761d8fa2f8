package dev.upkeep.cli.release;

import dev.upkeep.archive.Selection;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code upkeep release files DIR}: what {@code push} would publish. */
@Command(
    name = "files",
    mixinStandardHelpOptions = true,
    description = {
      "Show what a push of DIR would publish.",
      "One path per line: files, and directories ending in /. Excluded: .gitignore rules,"
          + " --exclude, and the deny list (.env*, .rme/, .git, __pycache__/, target/, *.pem,"
          + " *.key, id_rsa and other private keys); .rmeinclude and --include win. Files that"
          + " look secret are named on stderr.",
      "Exit codes: 0 listed, 2 usage or I/O error (a dangling link is named)."
    })
public final class FilesCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DIR", description = "The directory.")
  Path dir;

  @Mixin SelectionOptions selection;

  @Override
  public Integer call() {
    var err = spec.commandLine().getErr();
    return ReleaseExits.run(
        err,
        () -> {
          Selection s = selection.selection().select(dir);
          var out = spec.commandLine().getOut();
          java.util.TreeMap<String, String> lines = new java.util.TreeMap<>();
          s.directories().forEach(d -> lines.put(d, d + "/"));
          s.files().forEach(f -> lines.put(f.path(), f.path()));
          lines.values().forEach(out::println);
          out.flush();
          s.warnings().forEach(w -> err.println("upkeep: warning: " + w));
          return ReleaseExits.OK;
        });
  }
}
