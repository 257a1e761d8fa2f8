package dev.upkeep.protocol;

/**
 * The {@link JsonException}s of {@link JsonParser}: where in the text (offset, line, column) and
 * what, naming what was found in a form that can be read (a control character as {@code U+XXXX}).
 * Stateless, thread-safe.
 */
final class JsonSyntaxErrors {
  private JsonSyntaxErrors() {}

  /** An "expected X but found Y" error at {@code pos}, or a comment error if a comment starts. */
  static JsonException unexpected(String text, int pos, int end, String expected) {
    if (pos + 1 < end
        && text.charAt(pos) == '/'
        && (text.charAt(pos + 1) == '/' || text.charAt(pos + 1) == '*')) {
      return at(text, pos, "comments are not allowed");
    }
    return at(text, pos, "expected " + expected + " but found " + describeFound(text, pos, end));
  }

  private static String describeFound(String text, int pos, int end) {
    if (pos >= end) {
      return "end of input";
    }
    char c = text.charAt(pos);
    if (Character.isHighSurrogate(c)
        && pos + 1 < end
        && Character.isLowSurrogate(text.charAt(pos + 1))) {
      return "'" + text.substring(pos, pos + 2) + "'";
    }
    if (c == '\'') {
      return "\"'\"";
    }
    String printable = describeChar(c);
    return printable.length() == 1 ? "'" + printable + "'" : printable;
  }

  /** The char itself when printable, otherwise its {@code U+XXXX} code. */
  static String describeChar(char c) {
    if (c < 0x20 || (c >= 0x7f && c < 0xa0) || Character.isSurrogate(c) || c == '\ufeff') {
      return codePoint(c);
    }
    return String.valueOf(c);
  }

  static String codePoint(char c) {
    String hex = Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT);
    return "U+" + "0000".substring(hex.length()) + hex;
  }

  /** The error {@code problem} at {@code offset} of {@code text}, with its line and column. */
  static JsonException at(String text, int offset, String problem) {
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < offset; i++) {
      if (text.charAt(i) == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    return new JsonException(problem, offset, line, offset - lineStart + 1);
  }
}
