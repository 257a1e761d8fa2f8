package dev.upkeep.signing.internal;

import java.nio.charset.StandardCharsets;

/**
 * Paths as {@code git ls-files} prints them with git's default {@code core.quotePath=true}: a path
 * holding a control character, {@code "}, {@code \}, DEL or any non-ASCII byte is written in double
 * quotes with C escapes ({@code \t}, {@code \n}, {@code \"}, {@code \\}, …) and every other such
 * byte as three octal digits; other paths are written as they are (git's quote.c).
 */
final class GitQuoting {
  private GitQuoting() {}

  static String quote(String path) {
    byte[] bytes = path.getBytes(StandardCharsets.UTF_8);
    if (!needsQuotes(bytes)) {
      return path;
    }
    StringBuilder out = new StringBuilder(bytes.length * 2 + 2).append('"');
    for (byte b : bytes) {
      int c = b & 0xff;
      switch (c) {
        case 0x07 -> out.append("\\a");
        case 0x08 -> out.append("\\b");
        case '\t' -> out.append("\\t");
        case '\n' -> out.append("\\n");
        case 0x0b -> out.append("\\v");
        case '\f' -> out.append("\\f");
        case '\r' -> out.append("\\r");
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        default -> {
          if (c < 0x20 || c >= 0x7f) {
            out.append('\\')
                .append((char) ('0' + (c >> 6)))
                .append((char) ('0' + ((c >> 3) & 7)))
                .append((char) ('0' + (c & 7)));
          } else {
            out.append((char) c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  private static boolean needsQuotes(byte[] bytes) {
    for (byte b : bytes) {
      int c = b & 0xff;
      if (c < 0x20 || c == '"' || c == '\\' || c >= 0x7f) {
        return true;
      }
    }
    return false;
  }
}
