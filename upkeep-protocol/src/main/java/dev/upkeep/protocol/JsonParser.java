package dev.upkeep.protocol;

import java.util.ArrayList;
import java.util.LinkedHashMap;

/**
 * Strict RFC 8259 recursive-descent parser over a range of a string. One instance parses one value;
 * not thread-safe, create one per call.
 */
final class JsonParser {

  /** Maximum nesting of arrays and objects; the outermost container is level 1. */
  static final int MAX_DEPTH = 64;

  private final String text;
  private final int end;
  private int pos;
  private int depth;

  private JsonParser(String text, int from, int to) {
    this.text = text;
    this.pos = from;
    this.end = to;
  }

  /**
   * Parses the single JSON value in {@code text[from, to)}; error positions are relative to the
   * whole of {@code text}.
   */
  static Object parse(String text, int from, int to) {
    JsonParser parser = new JsonParser(text, from, to);
    parser.skipWhitespace();
    Object value = parser.readValue();
    parser.skipWhitespace();
    if (parser.pos < parser.end) {
      throw parser.unexpected("end of input");
    }
    return value;
  }

  private void skipWhitespace() {
    int i = pos;
    while (i < end) {
      char c = text.charAt(i);
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
        break;
      }
      i++;
    }
    pos = i;
  }

  private Object readValue() {
    if (pos >= end) {
      throw unexpected("a value");
    }
    char c = text.charAt(pos);
    switch (c) {
      case '"':
        return readString();
      case '{':
        return readObject();
      case '[':
        return readArray();
      case 't':
        readLiteral("true");
        return Boolean.TRUE;
      case 'f':
        readLiteral("false");
        return Boolean.FALSE;
      case 'n':
        readLiteral("null");
        return null;
      case '-':
      case '0':
      case '1':
      case '2':
      case '3':
      case '4':
      case '5':
      case '6':
      case '7':
      case '8':
      case '9':
        return readNumber();
      default:
        throw unexpected("a value");
    }
  }

  private void enter() {
    if (++depth > MAX_DEPTH) {
      throw error(pos, "nesting deeper than " + MAX_DEPTH + " levels");
    }
    pos++;
  }

  private LinkedHashMap<String, Object> readObject() {
    enter();
    LinkedHashMap<String, Object> map = new LinkedHashMap<>();
    skipWhitespace();
    if (pos < end && text.charAt(pos) == '}') {
      pos++;
      depth--;
      return map;
    }
    if (pos >= end || text.charAt(pos) != '"') {
      throw unexpected("'\"' or '}'");
    }
    while (true) {
      String key = readKey();
      skipWhitespace();
      if (pos >= end || text.charAt(pos) != ':') {
        throw unexpected("':'");
      }
      pos++;
      skipWhitespace();
      map.put(key, readValue());
      skipWhitespace();
      if (pos >= end) {
        throw unexpected("',' or '}'");
      }
      char c = text.charAt(pos);
      if (c == ',') {
        pos++;
        skipWhitespace();
        if (pos < end && text.charAt(pos) == '"') {
          continue;
        }
        if (pos < end && text.charAt(pos) == '}') {
          throw error(pos, "trailing comma before '}'");
        }
        throw unexpected("'\"'");
      }
      if (c == '}') {
        pos++;
        depth--;
        return map;
      }
      throw unexpected("',' or '}'");
    }
  }

  private ArrayList<Object> readArray() {
    enter();
    ArrayList<Object> list = new ArrayList<>();
    skipWhitespace();
    if (pos < end && text.charAt(pos) == ']') {
      pos++;
      depth--;
      return list;
    }
    while (true) {
      list.add(readValue());
      skipWhitespace();
      if (pos >= end) {
        throw unexpected("',' or ']'");
      }
      char c = text.charAt(pos);
      if (c == ',') {
        pos++;
        skipWhitespace();
        if (pos < end && text.charAt(pos) == ']') {
          throw error(pos, "trailing comma before ']'");
        }
        continue;
      }
      if (c == ']') {
        pos++;
        depth--;
        return list;
      }
      throw unexpected("',' or ']'");
    }
  }

  /**
   * Reads an object key. Keys without escapes that equal one of the {@link JsonKeys} return the
   * interned constant, which saves an allocation and makes later map look-ups identity matches.
   */
  private String readKey() {
    int start = pos + 1;
    int hash = 0;
    for (int i = start; i < end; i++) {
      char c = text.charAt(i);
      if (c == '"') {
        String known = JsonKeys.known(text, start, i - start, hash);
        if (known != null) {
          pos = i + 1;
          return known;
        }
        break;
      }
      if (c == '\\' || c < 0x20) {
        break;
      }
      hash = 31 * hash + c;
    }
    return readString();
  }

  /** Reads a string starting at the opening quote at {@code pos}. */
  private String readString() {
    int start = pos + 1;
    for (int i = start; i < end; i++) {
      char c = text.charAt(i);
      if (c == '"') {
        pos = i + 1;
        return text.substring(start, i);
      }
      if (c == '\\' || c < 0x20) {
        pos = i;
        return readEscapedString(start);
      }
    }
    throw error(end, "unterminated string");
  }

  private String readEscapedString(int start) {
    StringBuilder sb = new StringBuilder(pos - start + 16);
    sb.append(text, start, pos);
    while (pos < end) {
      char c = text.charAt(pos);
      if (c == '"') {
        pos++;
        return sb.toString();
      }
      if (c == '\\') {
        readEscape(sb);
      } else if (c < 0x20) {
        throw controlCharacter(c);
      } else {
        sb.append(c);
        pos++;
      }
    }
    throw error(end, "unterminated string");
  }

  /** Reads the escape sequence whose backslash is at {@code pos}. */
  private void readEscape(StringBuilder sb) {
    int backslash = pos;
    if (pos + 1 >= end) {
      throw error(end, "unterminated string");
    }
    char e = text.charAt(pos + 1);
    pos += 2;
    switch (e) {
      case '"':
        sb.append('"');
        break;
      case '\\':
        sb.append('\\');
        break;
      case '/':
        sb.append('/');
        break;
      case 'b':
        sb.append('\b');
        break;
      case 'f':
        sb.append('\f');
        break;
      case 'n':
        sb.append('\n');
        break;
      case 'r':
        sb.append('\r');
        break;
      case 't':
        sb.append('\t');
        break;
      case 'u':
        int code = 0;
        for (int i = 0; i < 4; i++) {
          int digit = pos < end ? Character.digit(text.charAt(pos), 16) : -1;
          if (digit < 0 || text.charAt(pos) > 'f') {
            throw unexpected("a hex digit");
          }
          code = (code << 4) | digit;
          pos++;
        }
        sb.append((char) code);
        break;
      default:
        throw error(
            backslash, "invalid escape sequence '\\" + JsonSyntaxErrors.describeChar(e) + "'");
    }
  }

  private JsonException controlCharacter(char c) {
    return error(
        pos, "unescaped control character " + JsonSyntaxErrors.codePoint(c) + " in string");
  }

  private void readLiteral(String literal) {
    for (int i = 0; i < literal.length(); i++) {
      if (pos >= end || text.charAt(pos) != literal.charAt(i)) {
        throw unexpected("'" + literal + "'");
      }
      pos++;
    }
  }

  private Object readNumber() {
    int start = pos;
    boolean negative = text.charAt(pos) == '-';
    if (negative) {
      pos++;
    }
    if (pos >= end) {
      throw unexpected("a digit");
    }
    char c = text.charAt(pos);
    if (c == '0') {
      pos++;
      if (pos < end && isDigit(text.charAt(pos))) {
        throw error(pos - 1, "leading zeros are not allowed");
      }
    } else if (c >= '1' && c <= '9') {
      pos++;
      skipDigits();
    } else {
      throw unexpected("a digit");
    }
    int integerEnd = pos;
    boolean integral = true;
    if (pos < end && text.charAt(pos) == '.') {
      integral = false;
      pos++;
      if (pos >= end || !isDigit(text.charAt(pos))) {
        throw unexpected("a digit after '.'");
      }
      skipDigits();
    }
    if (pos < end && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
      integral = false;
      pos++;
      if (pos < end && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
        pos++;
      }
      if (pos >= end || !isDigit(text.charAt(pos))) {
        throw unexpected("a digit in the exponent");
      }
      skipDigits();
    }
    if (integral) {
      int digitsStart = negative ? start + 1 : start;
      if (integerEnd - digitsStart <= 18) {
        long value = 0;
        for (int i = digitsStart; i < integerEnd; i++) {
          value = value * 10 + (text.charAt(i) - '0');
        }
        return negative ? -value : value;
      }
      try {
        return Long.parseLong(text, start, integerEnd, 10);
      } catch (NumberFormatException tooBig) {
        // falls through to double
      }
    }
    double value = Double.parseDouble(text.substring(start, pos));
    if (Double.isInfinite(value)) {
      throw error(start, "number out of range: " + text.substring(start, pos));
    }
    return value;
  }

  private void skipDigits() {
    while (pos < end && isDigit(text.charAt(pos))) {
      pos++;
    }
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** An "expected X but found Y" error at {@code pos}, or a comment error if a comment starts. */
  private JsonException unexpected(String expected) {
    return JsonSyntaxErrors.unexpected(text, pos, end, expected);
  }

  private JsonException error(int offset, String problem) {
    return JsonSyntaxErrors.at(text, offset, problem);
  }
}
