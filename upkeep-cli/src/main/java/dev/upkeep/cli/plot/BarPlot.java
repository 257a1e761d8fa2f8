package dev.upkeep.cli.plot;

import java.util.List;
import java.util.Locale;

/**
 * A horizontal bar chart of a breakdown: one line per bucket with its key, a bar as long as its
 * count relative to the largest, and the count; then the total.
 *
 * <pre>{@code
 * nipreps/fmriprep users by version, 2026-01-01 .. 2026-01-31
 * 1.0.0  ██████████████▍                   412
 * 1.1.0  ██████████████████████████████  1,210
 * total                                  1,570
 * }</pre>
 */
public final class BarPlot {
  /** Longest key shown; longer ones end in an ellipsis. */
  static final int MAX_LABEL = 24;

  /** Fewest cells a bar may use, however narrow the terminal. */
  static final int MIN_BAR = 10;

  private BarPlot() {}

  /**
   * Draws the chart.
   *
   * @param title the first line
   * @param rows the buckets in the order to draw them
   * @param total the total to print last, labelled {@code total}
   * @param width the terminal's width in columns
   * @param glyphs what to draw with
   * @return the lines, each ending in a line feed
   */
  public static String draw(String title, List<Row> rows, long total, int width, Glyphs glyphs) {
    int labelWidth = "total".length();
    int countWidth = count(total).length();
    long max = 0;
    for (Row r : rows) {
      labelWidth = Math.max(labelWidth, Math.min(MAX_LABEL, r.key().length()));
      countWidth = Math.max(countWidth, count(r.count()).length());
      max = Math.max(max, r.count());
    }
    int barWidth = Math.max(MIN_BAR, width - labelWidth - countWidth - 4);
    StringBuilder out = new StringBuilder(title).append('\n');
    if (rows.isEmpty()) {
      out.append("(nothing in this range)\n");
    }
    for (Row r : rows) {
      String bar = glyphs.bar(length(r.count(), max, barWidth, glyphs));
      out.append(pad(label(r.key(), glyphs), labelWidth))
          .append("  ")
          .append(pad(bar, barWidth))
          .append("  ")
          .append(padLeft(count(r.count()), countWidth))
          .append('\n');
    }
    out.append(pad("total", labelWidth))
        .append("  ")
        .append(" ".repeat(barWidth))
        .append("  ")
        .append(padLeft(count(total), countWidth))
        .append('\n');
    return out.toString();
  }

  /** A bar's length in eighths of a cell (whole cells for ASCII); at least a sliver when > 0. */
  static int length(long count, long max, int cells, Glyphs glyphs) {
    if (count <= 0 || max <= 0) {
      return 0;
    }
    if (glyphs.eighths()) {
      return (int) Math.max(1, Math.round(8.0 * cells * count / max));
    }
    return 8 * (int) Math.max(1, Math.round((double) cells * count / max));
  }

  static String label(String key, Glyphs glyphs) {
    return key.length() <= MAX_LABEL ? key : key.substring(0, MAX_LABEL - 1) + glyphs.ellipsis;
  }

  /** 1234567 as {@code 1,234,567}. */
  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  static String pad(String s, int width) {
    return s.length() >= width ? s : s + " ".repeat(width - s.length());
  }

  static String padLeft(String s, int width) {
    return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
  }

  /** One bar: a bucket's key and count. */
  public record Row(String key, long count) {}
}
