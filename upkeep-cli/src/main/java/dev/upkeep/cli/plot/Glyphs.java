package dev.upkeep.cli.plot;

import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;

/**
 * The characters a terminal chart is drawn with: Unicode block elements (eighths of a cell) when
 * the output charset can encode them, plain ASCII otherwise.
 */
public enum Glyphs {
  /**
   * U+2581..U+2588 and U+258F..U+2589: bars in eighths of a character cell; box-drawing axes; an en
   * dash between the ends of a range.
   */
  UNICODE("▏▎▍▌▋▊▉█", "▁▂▃▄▅▆▇█", '┤', '│', '└', '─', '…', '–'),
  /** {@code #} bars rounded to whole cells, {@code .} for a short column; {@code |+-} axes. */
  ASCII("########", "...#####", '+', '|', '+', '-', '~', '-');

  private final String horizontal;
  private final String vertical;
  final char tick;
  final char axis;
  final char corner;
  final char rule;
  final char ellipsis;
  final char dash;

  Glyphs(
      String horizontal,
      String vertical,
      char tick,
      char axis,
      char corner,
      char rule,
      char ellipsis,
      char dash) {
    this.horizontal = horizontal;
    this.vertical = vertical;
    this.tick = tick;
    this.axis = axis;
    this.corner = corner;
    this.rule = rule;
    this.ellipsis = ellipsis;
    this.dash = dash;
  }

  /**
   * The glyphs for output in {@code charset}: {@link #UNICODE} when it encodes the block elements
   * and box-drawing characters (UTF-8 does), {@link #ASCII} otherwise.
   */
  public static Glyphs of(Charset charset) {
    CharsetEncoder e = charset.newEncoder();
    return e.canEncode(UNICODE.horizontal + UNICODE.vertical + "┤│└─…–") ? UNICODE : ASCII;
  }

  /** What ends a shortened text: {@code …}, or {@code ~} in ASCII. */
  public char ellipsis() {
    return ellipsis;
  }

  /** What joins the ends of a range, as in {@code 7.4–13.3%}: an en dash, or {@code -} in ASCII. */
  public char dash() {
    return dash;
  }

  /** Whether a bar is drawn in eighths of a cell ({@link #UNICODE}) or whole cells. */
  boolean eighths() {
    return this == UNICODE;
  }

  /** A horizontal bar {@code eighths / 8} cells long. */
  String bar(int eighths) {
    StringBuilder b = new StringBuilder();
    b.append(String.valueOf(horizontal.charAt(7)).repeat(eighths / 8));
    if (eighths % 8 > 0) {
      b.append(horizontal.charAt(eighths % 8 - 1));
    }
    return b.toString();
  }

  /** The cell of a column whose top is {@code eighths} (1..8) eighths above this cell's bottom. */
  char column(int eighths) {
    return eighths <= 0 ? ' ' : vertical.charAt(Math.min(eighths, 8) - 1);
  }
}
