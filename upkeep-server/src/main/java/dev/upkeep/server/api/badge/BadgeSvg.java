package dev.upkeep.server.api.badge;

import java.util.Locale;

/**
 * A badge in the look of shields.io's "flat" style: a grey label and a coloured value, 20 pixels
 * high, Verdana 11 px text with a faint shadow, widths from Verdana's advance widths so the text
 * fits without measuring it in a browser; each text also carries that width as its {@code
 * textLength}, so a fallback font (DejaVu Sans where Verdana is missing) is fitted to it too.
 * Accessible: {@code role="img"}, an {@code aria-label} and a {@code <title>} say "label: value".
 */
final class BadgeSvg {
  /** The value's background: shields' "blue". */
  static final String COLOR = "#007ec6";

  private static final String LABEL_COLOR = "#555";
  private static final int PADDING = 5;

  /**
   * Verdana's advance widths in 1/2048 em for the characters a badge writes (the printable ASCII
   * range from the space on); others count as a wide character.
   */
  private static final int[] WIDTHS = {
    720, 824, 1030, 1704, 1302, 2216, 1540, 551, 911, 911, 1302, 1704, 748, 720, 748, 1212, // sp-/
    1302, 1302, 1302, 1302, 1302, 1302, 1302, 1302, 1302, 1302, 910, 910, 1704, 1704, 1704, 1117,
    2048, 1401, 1405, 1430, 1577, 1294, 1178, 1587, 1540, 862, 931, 1419, 1149, 1722, 1532, 1612,
    1237, 1612, 1438, 1400, 1253, 1505, 1401, 2025, 1408, 1243, 1403, 911, 1212, 911, 1704, 1302,
    1302, 1255, 1300, 1120, 1300, 1232, 720, 1300, 1298, 561, 681, 1202, 561, 1995, 1298, 1247,
    1300, 1300, 874, 1067, 807, 1298, 1202, 1675, 1202, 1202, 1071, 1300, 911, 1300, 1704
  };

  private BadgeSvg() {}

  /** The SVG document of a badge. */
  static String render(String label, String value) {
    int lw = width(label);
    int vw = width(value);
    int w = lw + vw;
    String l = escape(label);
    String v = escape(value);
    return String.format(
        Locale.ROOT,
        """
        <svg xmlns="http://www.w3.org/2000/svg" width="%1$d" height="20" role="img" \
        aria-label="%4$s: %5$s"><title>%4$s: %5$s</title>\
        <linearGradient id="s" x2="0" y2="100%%"><stop offset="0" stop-color="#bbb" \
        stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>\
        <clipPath id="r"><rect width="%1$d" height="20" rx="3" fill="#fff"/></clipPath>\
        <g clip-path="url(#r)"><rect width="%2$d" height="20" fill="%6$s"/>\
        <rect x="%2$d" width="%3$d" height="20" fill="%7$s"/>\
        <rect width="%1$d" height="20" fill="url(#s)"/></g>\
        <g fill="#fff" text-anchor="middle" \
        font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">\
        <text x="%8$.1f" y="15" fill="#010101" fill-opacity=".3" aria-hidden="true" \
        textLength="%10$d" lengthAdjust="spacingAndGlyphs">%4$s</text>\
        <text x="%8$.1f" y="14" textLength="%10$d" lengthAdjust="spacingAndGlyphs">%4$s</text>\
        <text x="%9$.1f" y="15" fill="#010101" fill-opacity=".3" aria-hidden="true" \
        textLength="%11$d" lengthAdjust="spacingAndGlyphs">%5$s</text>\
        <text x="%9$.1f" y="14" textLength="%11$d" lengthAdjust="spacingAndGlyphs">%5$s</text>\
        </g></svg>
        """,
        w,
        lw,
        vw,
        l,
        v,
        LABEL_COLOR,
        COLOR,
        lw / 2.0,
        lw + vw / 2.0,
        lw - 2 * PADDING,
        vw - 2 * PADDING);
  }

  /** A text's box width: its Verdana 11 px width rounded up, plus the padding on both sides. */
  static int width(String text) {
    long units = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      units += c >= ' ' && c - ' ' < WIDTHS.length ? WIDTHS[c - ' '] : 2048;
    }
    return (int) Math.ceil(units * 11 / 2048.0) + 2 * PADDING;
  }

  static String escape(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
