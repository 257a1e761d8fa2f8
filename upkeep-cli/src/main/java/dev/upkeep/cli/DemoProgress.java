package dev.upkeep.cli;

import dev.upkeep.cli.term.Colour;
import java.text.DecimalFormat;
import java.time.temporal.ChronoUnit;
import java.util.function.LongConsumer;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * The progress of {@code upkeep demo}: a me.tongfei progress bar on stderr (events written, rate,
 * time left; coloured as {@link Colour} says) when the command runs on a terminal ({@link
 * System#console()} is not null), nothing otherwise. Told the events written so far by one thread
 * at a time.
 */
final class DemoProgress implements LongConsumer, AutoCloseable {
  private final ProgressBar bar;

  private DemoProgress(ProgressBar bar) {
    this.bar = bar;
  }

  /** A bar for {@code total} events, or a silent progress without a terminal. */
  static DemoProgress start(long total) {
    if (System.console() == null) {
      return new DemoProgress(null);
    }
    return new DemoProgress(
        new ProgressBarBuilder()
            .setTaskName("demo")
            .setInitialMax(total)
            .setUnit(" events", 1)
            .showSpeed(new DecimalFormat("#,##0"))
            .setSpeedUnit(ChronoUnit.SECONDS)
            .setStyle(Colour.progressBarStyle())
            .setConsumer(new ConsoleProgressBarConsumer(System.err))
            .setUpdateIntervalMillis(250)
            .build());
  }

  @Override
  public void accept(long written) {
    if (bar != null) {
      bar.stepTo(written);
    }
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.close();
    }
  }
}
