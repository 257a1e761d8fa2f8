package dev.upkeep.archive;

import java.io.IOException;

/**
 * The archive said no: a release not found or already there, a blob missing or corrupt, a
 * verification that failed. {@code upkeep release} exits 1 on these and 2 on other I/O errors. The
 * message names the release, the file, the blob and the archive, and says what to do.
 */
public class ArchiveException extends IOException {
  private static final long serialVersionUID = 1L;

  public ArchiveException(String message) {
    super(message);
  }

  public ArchiveException(String message, Throwable cause) {
    super(message, cause);
  }
}
