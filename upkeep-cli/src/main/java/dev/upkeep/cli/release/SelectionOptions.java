package dev.upkeep.cli.release;

import dev.upkeep.archive.FileSelection;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --include} and {@code --exclude}, shared by {@code push} and {@code files}. */
final class SelectionOptions {
  @Option(
      names = "--include",
      paramLabel = "G",
      description = "Publish what matches G even if excluded (gitignore syntax; repeatable).")
  List<String> include = new ArrayList<>();

  @Option(
      names = "--exclude",
      paramLabel = "G",
      description = "Never publish what matches G unless included (gitignore syntax; repeatable).")
  List<String> exclude = new ArrayList<>();

  FileSelection selection() {
    return FileSelection.of(include, exclude);
  }
}
