package dev.upkeep.cli.release;

import dev.upkeep.archive.FileSystemArchive;
import dev.upkeep.archive.ReleaseId;
import dev.upkeep.archive.ReleaseVersion;
import dev.upkeep.archive.Releases;
import dev.upkeep.archive.Title;
import dev.upkeep.archive.Workspace;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --archive}, {@code --workspace} and {@code --threads}, shared by the release commands. */
final class ArchiveOptions {
  @Option(
      names = "--archive",
      required = true,
      paramLabel = "DIR",
      description = "The archive: a directory with an .rmearchive marker (rmellipse's layout).")
  Path archive;

  @Option(
      names = "--workspace",
      paramLabel = "W",
      defaultValue = Workspace.DEFAULT,
      description = "Workspace (default: ${DEFAULT-VALUE}).")
  String workspace;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "Transfer threads (default: twice the processors, at least 4).")
  Integer threads;

  /** The engine on the archive, with progress on {@code err}. */
  Releases open(PrintWriter err) throws IOException {
    Releases releases = Releases.on(FileSystemArchive.open(archive));
    if (threads != null) {
      releases = releases.threads(threads);
    }
    return releases.listener(TransferProgress.on(err));
  }

  String workspace() {
    return Workspace.check(workspace);
  }

  /** Names release {@code name} {@code version} in the chosen workspace. */
  ReleaseId release(String name, String version) {
    return new ReleaseId(workspace(), Title.of(name), ReleaseVersion.of(version));
  }
}
