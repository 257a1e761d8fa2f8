package dev.upkeep.cli.errors;

import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/**
 * The one line a command prints for an error: the message, or for a file-system error the file and
 * what happened to it ({@code /srv/rme: no such file or directory}), not the exception's {@code
 * toString}; an {@link UncheckedIOException} as its cause; the class name of an exception without a
 * message ({@code java.lang.NullPointerException}). Stateless and thread-safe.
 */
public final class ErrorLine {
  private ErrorLine() {}

  /** The line for {@code e}, without the {@code upkeep: } prefix; never null. */
  public static String of(Exception e) {
    if (e instanceof UncheckedIOException u && u.getCause() != null) {
      return of(u.getCause());
    }
    if (e instanceof FileSystemException fse && fse.getFile() != null) {
      return fse.getFile() + ": " + (fse.getReason() != null ? fse.getReason() : what(fse));
    }
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getName() : message;
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
