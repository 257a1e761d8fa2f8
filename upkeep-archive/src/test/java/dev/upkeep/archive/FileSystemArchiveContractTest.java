package dev.upkeep.archive;

import java.io.IOException;
import java.nio.file.Path;

/** The archive contract on {@link FileSystemArchive}. */
class FileSystemArchiveContractTest extends ArchiveContract {
  @Override
  protected Archive create(Path dir) throws IOException {
    return FileSystemArchive.create(dir);
  }
}
