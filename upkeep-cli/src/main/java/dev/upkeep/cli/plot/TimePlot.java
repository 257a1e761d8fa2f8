package dev.upkeep.cli.plot;

import java.util.ArrayList;
import java.util.List;

/**
 * Counts per day as vertical bars over time, {@value #HEIGHT} lines high, with the largest value on
 * the axis, the first and last day under it and the total below. When there are more days than
 * columns, neighbouring days are summed into one column and the title says so.
 *
 * <pre>{@code
 * nipreps/fmriprep hits per day, 2026-01-01 .. 2026-01-07
 * 90 ┤         ▄▄▄   ███
 *    │   ▄▄▄   ███   ███
 *    │   ███   ███   ███   ▂▂▂
 *    ...
 *  0 └──────────────────────────
 *     2026-01-01      2026-01-07
 * total 312, busiest 2026-01-06 with 90
 * }</pre>
 */
public final class TimePlot {
  /** Lines the bars take. */
  public static final int HEIGHT = 8;

  /** Widest a single day's column gets (bar and gap) when there are few days. */
  static final int MAX_COLUMN = 6;

  private TimePlot() {}

  /**
   * Draws the chart.
   *
   * @param title the first line's start, e.g. {@code nipreps/fmriprep hits}; " per day" (or "per
   *     day, summed per N days") and the range are added
   * @param days the days in order, each with its count (every day of the range, zeros included)
   * @param total the total to print last
   * @param width the terminal's width in columns
   * @param glyphs what to draw with
   * @return the lines, each ending in a line feed
   */
  public static String draw(
      String title, List<BarPlot.Row> days, long total, int width, Glyphs glyphs) {
    if (days.isEmpty()) {
      return title + " per day\n(no days in this range)\ntotal " + BarPlot.count(total) + "\n";
    }
    long sum = days.stream().mapToLong(BarPlot.Row::count).sum();
    // a column's sum never exceeds the sum of every day: its width bounds the axis labels'
    int plotWidth = Math.max(BarPlot.MIN_BAR, width - BarPlot.count(sum).length() - 2);
    int group = (days.size() + plotWidth - 1) / plotWidth;
    List<BarPlot.Row> columns = group(days, group);
    long max = columns.stream().mapToLong(BarPlot.Row::count).max().orElse(0);
    String first = days.get(0).key();
    String last = days.get(days.size() - 1).key();
    StringBuilder out =
        new StringBuilder(title)
            .append(" per day")
            .append(group > 1 ? ", summed per " + group + " days" : "")
            .append(", ")
            .append(first)
            .append(" .. ")
            .append(last)
            .append('\n');
    int[] heights = new int[columns.size()];
    for (int i = 0; i < heights.length; i++) {
      heights[i] = height(columns.get(i).count(), max, glyphs);
    }
    columns(out, heights, BarPlot.count(max), "0", first, last, plotWidth, glyphs);
    BarPlot.Row busiest = days.get(0);
    for (BarPlot.Row d : days) {
      busiest = d.count() > busiest.count() ? d : busiest;
    }
    out.append("total ").append(BarPlot.count(total));
    if (busiest.count() > 0) {
      out.append(", busiest ")
          .append(busiest.key())
          .append(" with ")
          .append(BarPlot.count(busiest.count()));
    }
    return out.append('\n').toString();
  }

  /**
   * Appends the {@value #HEIGHT} lines of columns, the axis labelled {@code top} at the top and
   * {@code bottom} at the bottom, and the first and last day under it: the body of a chart over
   * time, shared with {@link RatePlot}.
   *
   * @param heights each column's height in eighths of a line, left to right ({@link #height})
   * @param plotWidth the columns' room; a column is 1 to {@value #MAX_COLUMN} wide, with a gap when
   *     wider than 1
   */
  static void columns(
      StringBuilder out,
      int[] heights,
      String top,
      String bottom,
      String first,
      String last,
      int plotWidth,
      Glyphs glyphs) {
    int axisWidth = Math.max(top.length(), bottom.length());
    int columnWidth = Math.max(1, Math.min(MAX_COLUMN, plotWidth / heights.length));
    int barWidth = columnWidth == 1 ? 1 : columnWidth - 1;
    for (int line = HEIGHT - 1; line >= 0; line--) {
      StringBuilder row = new StringBuilder();
      row.append(BarPlot.padLeft(line == HEIGHT - 1 ? top : "", axisWidth))
          .append(' ')
          .append(line == HEIGHT - 1 ? glyphs.tick : glyphs.axis);
      for (int h : heights) {
        char c = glyphs.column(h - 8 * line);
        row.append(String.valueOf(c).repeat(barWidth)).append(" ".repeat(columnWidth - barWidth));
      }
      out.append(stripTrailing(row)).append('\n');
    }
    int drawn = heights.length * columnWidth;
    out.append(BarPlot.padLeft(bottom, axisWidth))
        .append(' ')
        .append(glyphs.corner)
        .append(String.valueOf(glyphs.rule).repeat(drawn))
        .append('\n');
    out.append(" ".repeat(axisWidth + 2)).append(dates(first, last, drawn)).append('\n');
  }

  /**
   * A column's height in eighths of a line (whole lines for ASCII) for {@code value} on an axis
   * whose top is {@code max}; at least one eighth when {@code value > 0}, 0 when {@code max <= 0}.
   */
  static int height(double value, double max, Glyphs glyphs) {
    if (value <= 0 || max <= 0) {
      return 0;
    }
    int eighths = (int) Math.max(1, Math.round(8.0 * HEIGHT * value / max));
    return glyphs.eighths() || eighths < 8 ? eighths : 8 * Math.round(eighths / 8f);
  }

  /** Days summed {@code size} at a time, each group keyed by its first day. */
  static List<BarPlot.Row> group(List<BarPlot.Row> days, int size) {
    if (size <= 1) {
      return days;
    }
    List<BarPlot.Row> out = new ArrayList<>();
    for (int i = 0; i < days.size(); i += size) {
      long sum = 0;
      for (int j = i; j < Math.min(days.size(), i + size); j++) {
        sum += days.get(j).count();
      }
      out.add(new BarPlot.Row(days.get(i).key(), sum));
    }
    return out;
  }

  /** The first day at the left and the last at the right of {@code width} columns, if they fit. */
  static String dates(String first, String last, int width) {
    if (first.equals(last) || width < first.length() + last.length() + 1) {
      return first;
    }
    return first + " ".repeat(width - first.length() - last.length()) + last;
  }

  private static String stripTrailing(StringBuilder s) {
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == ' ') {
      end--;
    }
    return s.substring(0, end);
  }
}
