package dev.upkeep.server.api.consent;

/** HTML escaping for text and double-quoted attribute values. Stateless, thread-safe. */
final class Html {
  private Html() {}

  /** {@code s} with {@code & < > " '} replaced by character references; null is empty. */
  static String escape(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
