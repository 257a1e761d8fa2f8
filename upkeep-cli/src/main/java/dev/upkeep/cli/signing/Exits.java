package dev.upkeep.cli.signing;

import dev.upkeep.cli.errors.ErrorLine;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

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
      err.println("upkeep: " + ErrorLine.of(e));
      return ERROR;
    }
  }
}
