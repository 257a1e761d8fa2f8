package dev.upkeep.cli.release;

import dev.upkeep.archive.ArchiveException;
import dev.upkeep.cli.errors.ErrorLine;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

/**
 * Exit codes of {@code upkeep release}: 0 done, 1 the archive said no (not found, already there, a
 * blob missing or corrupt, verification failed), 2 usage or I/O error. Each error is one line,
 * {@code upkeep: …}.
 */
final class ReleaseExits {
  static final int OK = 0;
  static final int REFUSED = 1;
  static final int ERROR = 2;

  private ReleaseExits() {}

  /** The body of a command; returns its exit code. */
  @FunctionalInterface
  interface Body {
    int run() throws IOException;
  }

  static int run(PrintWriter err, Body body) {
    try {
      return body.run();
    } catch (ArchiveException e) {
      err.println("upkeep: " + e.getMessage());
      return REFUSED;
    } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
      err.println("upkeep: " + ErrorLine.of(e));
      return ERROR;
    } finally {
      err.flush();
    }
  }
}
