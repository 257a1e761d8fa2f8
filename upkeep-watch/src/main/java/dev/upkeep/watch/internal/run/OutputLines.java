package dev.upkeep.watch.internal.run;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A script's standard output as the next run's arguments: one argument per line. Lines end at
 * {@code \n}; a {@code \r} at the end of a line is dropped (scripts written on Windows); a last
 * line without a line break is kept (otumat drops it); no output means no arguments. The same
 * format is the state file's.
 */
public final class OutputLines {
  private OutputLines() {}

  /** The lines of UTF-8 bytes (malformed bytes become U+FFFD). */
  public static List<String> split(byte[] output) {
    return split(new String(output, StandardCharsets.UTF_8));
  }

  /** The lines of a text. */
  public static List<String> split(String text) {
    List<String> lines = new ArrayList<>();
    int start = 0;
    while (start < text.length()) {
      int end = text.indexOf('\n', start);
      int next = end < 0 ? text.length() : end + 1;
      if (end < 0) {
        end = text.length();
      }
      if (end > start && text.charAt(end - 1) == '\r') {
        end--;
      }
      lines.add(text.substring(start, end));
      start = next;
    }
    return lines;
  }

  /** The text a state file holds for these arguments: each followed by {@code \n}. */
  public static String join(List<String> lines) {
    StringBuilder out = new StringBuilder();
    for (String line : lines) {
      out.append(line).append('\n');
    }
    return out.toString();
  }
}
