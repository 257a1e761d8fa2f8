package dev.upkeep.cli.plot;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Failure rates per day as vertical bars over time, drawn as {@link TimePlot} draws counts: one or
 * more charts of {@value TimePlot#HEIGHT} lines on one scale, whose top is the highest rate shown
 * (a percentage) and whose bottom is 0 %. A day's rate is its failures over its runs; a day without
 * runs draws no bar (nor does one whose runs all succeeded: the summary says how many days had
 * runs). When there are more days than columns, neighbouring days are grouped and a group's rate is
 * the sum of its failures over the sum of its runs, never a sum or mean of rates.
 *
 * <pre>{@code
 * o/n 1.1.0 failure rate per day, 2026-02-25 .. 2026-03-01
 * 12.5% ┤            █████
 *       │            █████       ▃▃▃▃▃
 *       │            █████       █████
 *       │            █████       █████
 *       │▂▂▂▂▂       █████       █████
 *       │█████       █████       █████
 *       │█████       █████       █████
 *       │█████       █████       █████
 *    0% └──────────────────────────────
 *        2026-02-25          2026-03-01
 * 38 of 430 runs failed (8.8%), runs on 4 of 5 days
 * highest 2026-02-27 with 12.5% (25 of 200)
 * }</pre>
 *
 * <p>(2026-02-26 had no runs, 2026-02-28 had 50 that all succeeded.) Stateless.
 */
public final class RatePlot {
  /** Widest axis label, {@code 100.0%}: bounds the columns' room before the top is known. */
  static final int AXIS_WIDTH = 6;

  private RatePlot() {}

  /**
   * Draws each chart, one after the other with a blank line between, on one scale and with one
   * grouping of days, so that their bars compare.
   *
   * @param charts the charts in the order to draw them; each has the same days (the same range)
   * @param width the terminal's width in columns
   * @param glyphs what to draw with
   * @return the lines, each ending in a line feed
   */
  public static String draw(List<Chart> charts, int width, Glyphs glyphs) {
    int plotWidth = Math.max(BarPlot.MIN_BAR, width - AXIS_WIDTH - 2);
    int days = charts.stream().mapToInt(c -> c.days().size()).max().orElse(0);
    int group = Math.max(1, (days + plotWidth - 1) / plotWidth);
    double max = 0;
    for (Chart c : charts) {
      for (Day d : group(c.days(), group)) {
        max = Math.max(max, d.rate());
      }
    }
    StringBuilder out = new StringBuilder();
    for (Chart c : charts) {
      if (out.length() > 0) {
        out.append('\n');
      }
      chart(out, c, group, max, plotWidth, glyphs);
    }
    return out.toString();
  }

  private static void chart(
      StringBuilder out, Chart c, int group, double max, int plotWidth, Glyphs glyphs) {
    out.append(c.title()).append(" failure rate per ").append(group > 1 ? group + " days" : "day");
    if (c.days().isEmpty()) {
      out.append("\n(no days in this range)\n");
      return;
    }
    String first = c.days().get(0).date();
    String last = c.days().get(c.days().size() - 1).date();
    out.append(", ").append(first).append(" .. ").append(last).append('\n');
    List<Day> columns = group(c.days(), group);
    int[] heights = new int[columns.size()];
    for (int i = 0; i < heights.length; i++) {
      heights[i] = TimePlot.height(columns.get(i).rate(), max, glyphs);
    }
    TimePlot.columns(out, heights, percent(max), "0%", first, last, plotWidth, glyphs);
    out.append(summary(c.days())).append('\n');
  }

  /**
   * {@code 40 of 400 runs failed (10.0%), runs on 3 of 5 days}, then when any failed a second line
   * {@code highest 2026-02-26 with 12.5% (25 of 200)} (the highest single day, the first of
   * equals); or {@code no runs in this range}.
   */
  static String summary(List<Day> days) {
    Day all = sum(days, 0, days.size());
    if (all.runs() == 0) {
      return "no runs in this range";
    }
    Day highest = null;
    int withRuns = 0;
    for (Day d : days) {
      if (d.runs() > 0) {
        withRuns++;
        highest = highest == null || d.rate() > highest.rate() ? d : highest;
      }
    }
    String summary =
        String.format(
            Locale.ROOT,
            "%,d of %,d runs failed (%s), runs on %d of %d days",
            all.failures(),
            all.runs(),
            percent(all.rate()),
            withRuns,
            days.size());
    if (all.failures() == 0) {
      return summary;
    }
    return summary
        + String.format(
            Locale.ROOT,
            "\nhighest %s with %s (%,d of %,d)",
            highest.date(),
            percent(highest.rate()),
            highest.failures(),
            highest.runs());
  }

  /**
   * Days grouped {@code size} at a time, each group keyed by its first day with the sums of its
   * runs and failures (so its {@link Day#rate} is their ratio).
   */
  static List<Day> group(List<Day> days, int size) {
    if (size <= 1) {
      return days;
    }
    List<Day> out = new ArrayList<>();
    for (int i = 0; i < days.size(); i += size) {
      out.add(sum(days, i, Math.min(days.size(), i + size)));
    }
    return out;
  }

  private static Day sum(List<Day> days, int from, int to) {
    long runs = 0;
    long failures = 0;
    for (int i = from; i < to; i++) {
      runs += days.get(i).runs();
      failures += days.get(i).failures();
    }
    return new Day(from < days.size() ? days.get(from).date() : "", runs, failures);
  }

  /**
   * A rate from 0 to 1 as a percentage with one decimal ({@code 0.1} is {@code 10.0%}); two
   * decimals when one would show a rate above 0 as {@code 0.0%} ({@code 0.04%}), and {@code <0.01%}
   * below that.
   */
  public static String percent(double rate) {
    double p = 100 * rate;
    if (p > 0 && p < 0.005) {
      return "<0.01%";
    }
    if (p > 0 && p < 0.05) {
      return String.format(Locale.ROOT, "%.2f%%", p);
    }
    return String.format(Locale.ROOT, "%.1f%%", p);
  }

  /** One chart: its title's start (e.g. {@code acme/tool 1.1.0}) and every day of the range. */
  public record Chart(String title, List<Day> days) {}

  /**
   * One day (or, grouped, several from {@code date} on): finished runs and the failed ones among
   * them, {@code 0 <= failures <= runs}.
   */
  public record Day(String date, long runs, long failures) {
    /** Failures over runs, 0 without runs. */
    public double rate() {
      return runs == 0 ? 0 : (double) failures / runs;
    }
  }
}
