package dev.upkeep.cli;

/** A failure to report in one line on stderr with exit code 1 (no stack trace). */
final class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  CliException(String message) {
    super(message);
  }

  CliException(String message, Throwable cause) {
    super(message, cause);
  }
}
