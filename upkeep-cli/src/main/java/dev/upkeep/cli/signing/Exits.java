package dev.upkeep.cli.signing;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/**
 * Exit codes of the signing commands: 0 done (or valid), 1 checked and invalid ({@code verify}), 2
 * could not do it — a usage error or a file that cannot be read or written, said in one line.
 */
final class Exits {
  static final int OK = 0;
  static final int INVALID = 1;
  static final int ERROR = 2;

  private Exits() {}

  /** The body of a command; returns its exit code. */
  @FunctionalInterface
  interface Body {
    int run() throws IOException;
  }

  /** Runs {@code body}, turning I/O and argument errors into {@code upkeep: …} and exit 2. */
  static int run(PrintWriter err, Body body) {
    try {
      return body.run();
    } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
      String message = e.getMessage();
      if (e instanceof FileSystemException fse && fse.getFile() != null) {
        message = fse.getFile() + ": " + (fse.getReason() != null ? fse.getReason() : what(fse));
      }
      err.println("upkeep: " + message);
      return ERROR;
    }
  }

  private static String what(FileSystemException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file or directory";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof FileAlreadyExistsException) {
      return "already exists";
    }
    return e.getClass().getSimpleName();
  }
}
