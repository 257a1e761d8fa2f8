package dev.upkeep.cli;

import dev.upkeep.cli.term.Colour;
import dev.upkeep.server.store.jdbc.MigrationListener;
import java.io.PrintWriter;
import java.text.DecimalFormat;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * The progress of {@code upkeep store migrate} on stderr: a me.tongfei progress bar per phase (rows
 * copied, then rows compared; rate, time left, the current table; coloured as {@link Colour} says)
 * on a terminal ({@link System#console()} is not null); otherwise a plain line at most every 5
 * seconds and one at the end of each phase, for logs. A resumed copy is announced on stdout. Called
 * on the migration's thread.
 *
 * <p>Test hook: {@link #holdAt} makes the migration wait, its chunk written and not committed, so
 * that a test can kill the process mid-copy.
 */
final class MigrateProgress implements MigrationListener, AutoCloseable {
  private static final long LINE_EVERY_NANOS = 5_000_000_000L;

  private final PrintWriter out;
  private final PrintWriter err;
  private final boolean terminal;
  private ProgressBar bar;
  private Phase phase;
  private long total;
  private long done;
  private long lastLine;
  private long holdAt;

  MigrateProgress(PrintWriter out, PrintWriter err, boolean terminal) {
    this.out = out;
    this.err = err;
    this.terminal = terminal;
  }

  /** On stderr, with a bar when the command runs on a terminal. */
  static MigrateProgress on(PrintWriter out, PrintWriter err) {
    return new MigrateProgress(out, err, System.console() != null);
  }

  /** Test hook: waits forever before committing chunk {@code chunk} of the run (0: never). */
  MigrateProgress holdAt(long chunk) {
    this.holdAt = chunk;
    return this;
  }

  @Override
  public void begun(Instant begunAt, boolean resumed) {
    if (resumed) {
      out.println("Resuming the migration begun at " + begunAt + ".");
      out.flush();
    }
  }

  @Override
  public void started(Phase phase, long totalRows, long doneRows) {
    close();
    this.phase = phase;
    this.total = totalRows;
    this.done = doneRows;
    this.lastLine = System.nanoTime();
    if (phase == Phase.COPY && doneRows > 0) {
      out.println(
          DemoText.count(doneRows)
              + " of "
              + DemoText.count(totalRows)
              + " rows were copied before; copying the rest.");
      out.flush();
    }
    if (terminal) {
      bar =
          new ProgressBarBuilder()
              .setTaskName(name(phase))
              .setInitialMax(Math.max(1, totalRows))
              .setUnit(" rows", 1)
              .showSpeed(new DecimalFormat("#,##0"))
              .setSpeedUnit(ChronoUnit.SECONDS)
              .setStyle(Colour.progressBarStyle())
              .setConsumer(new ConsoleProgressBarConsumer(System.err))
              .setUpdateIntervalMillis(250)
              .startsFrom(doneRows, Duration.ZERO)
              .build();
    }
  }

  @Override
  public void advanced(String table, long rows) {
    done += rows;
    if (bar != null) {
      bar.stepTo(done);
      bar.setExtraMessage(" " + table);
    } else if (!terminal && System.nanoTime() - lastLine > LINE_EVERY_NANOS) {
      lastLine = System.nanoTime();
      line(table);
    }
  }

  @Override
  public void finished(Phase phase) {
    if (bar != null) {
      bar.stepTo(done);
      close();
    } else if (!terminal) {
      line("done");
    }
  }

  @Override
  public void chunkWritten(String table, long chunk) {
    if (chunk != holdAt) {
      return;
    }
    err.println("upkeep: test hook: holding chunk " + chunk + " of " + table + " uncommitted");
    err.flush();
    while (true) {
      try {
        Thread.sleep(60_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void line(String what) {
    err.printf(
        "upkeep: %s: %s, %s/%s rows%n",
        name(phase), what, DemoText.count(done), DemoText.count(total));
    err.flush();
  }

  private static String name(Phase phase) {
    return phase == Phase.COPY ? "copy" : "verify";
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }
}
