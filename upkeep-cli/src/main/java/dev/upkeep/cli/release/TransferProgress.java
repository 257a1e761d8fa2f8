package dev.upkeep.cli.release;

import dev.upkeep.archive.TransferListener;
import dev.upkeep.cli.term.Colour;
import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicLong;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * Progress of a transfer on stderr: a me.tongfei progress bar in MiB on a terminal (coloured as
 * {@link Colour} says); otherwise a plain line at the end of each task and at most one every 5
 * seconds before, for logs; nothing with {@link #quiet}. Warnings always print as {@code upkeep:
 * warning: …}.
 */
final class TransferProgress implements TransferListener {
  private static final long LINE_EVERY_NANOS = 5_000_000_000L;
  private static final double MIB = 1024.0 * 1024.0;

  private final PrintWriter err;
  private final boolean terminal;
  private final boolean lines;
  private final AtomicLong files = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private volatile ProgressBar bar;
  private volatile String task;
  private volatile long totalFiles;
  private volatile long totalBytes;
  private volatile long lastLine;

  private TransferProgress(PrintWriter err, boolean terminal, boolean lines) {
    this.err = err;
    this.terminal = terminal;
    this.lines = lines;
  }

  /** A bar on a terminal, else lines. */
  static TransferProgress on(PrintWriter err) {
    boolean terminal = System.console() != null;
    return new TransferProgress(err, terminal, !terminal);
  }

  /** No progress, only warnings ({@code --quiet}). */
  static TransferProgress quiet(PrintWriter err) {
    return new TransferProgress(err, false, false);
  }

  @Override
  public void started(String task, long files, long bytes) {
    this.task = task;
    this.totalFiles = files;
    this.totalBytes = bytes;
    this.files.set(0);
    this.bytes.set(0);
    lastLine = System.nanoTime();
    if (terminal) {
      bar =
          new ProgressBarBuilder()
              .setTaskName(task)
              .setInitialMax(Math.max(1, bytes))
              .setUnit(" MiB", 1024 * 1024)
              .showSpeed()
              .setStyle(Colour.progressBarStyle())
              .setConsumer(new ConsoleProgressBarConsumer(System.err))
              .setUpdateIntervalMillis(250)
              .build();
    }
  }

  @Override
  public void advanced(long files, long bytes) {
    this.files.addAndGet(files);
    long b = this.bytes.addAndGet(bytes);
    ProgressBar current = bar;
    if (current != null) {
      current.stepTo(b);
    } else if (lines && System.nanoTime() - lastLine > LINE_EVERY_NANOS) {
      lastLine = System.nanoTime();
      line();
    }
  }

  @Override
  public void finished() {
    ProgressBar current = bar;
    bar = null;
    if (current != null) {
      current.close();
    } else if (lines && totalFiles > 0) {
      line();
    }
  }

  private void line() {
    synchronized (err) {
      err.printf(
          "upkeep: %s: %d/%d files, %.1f/%.1f MiB%n",
          task, files.get(), totalFiles, bytes.get() / MIB, totalBytes / MIB);
      err.flush();
    }
  }

  @Override
  public void warning(String message) {
    synchronized (err) {
      err.println("upkeep: warning: " + message);
      err.flush();
    }
  }
}
