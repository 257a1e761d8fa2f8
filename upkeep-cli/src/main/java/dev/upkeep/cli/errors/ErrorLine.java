package dev.upkeep.cli.errors;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/**
 * The one line a command prints for an error: the message, or for a file-system error the file and
 * what happened to it ({@code /srv/rme: no such file or directory}), not the exception's {@code
 * toString}.
 */
public final class ErrorLine {
  private ErrorLine() {}

  /** The line for {@code e}, without the {@code upkeep: } prefix. */
  public static String of(Exception e) {
    if (e instanceof FileSystemException fse && fse.getFile() != null) {
      return fse.getFile() + ": " + (fse.getReason() != null ? fse.getReason() : what(fse));
    }
    return e.getMessage();
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
