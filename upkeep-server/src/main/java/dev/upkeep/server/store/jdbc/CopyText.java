package dev.upkeep.server.store.jdbc;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Rows in PostgreSQL's COPY text format, UTF-8, exactly as {@code COPY ... TO STDOUT} writes them:
 * columns separated by a tab, rows ended by a newline, SQL NULL written {@code \N}; in a value the
 * backslash and the control characters backspace, form feed, newline, carriage return, tab and
 * vertical tab are written {@code \\ \b \f \n \r \t \v} (PostgreSQL's {@code
 * CopyAttributeOutText}); bytes are written as {@code \\x} and lowercase hex (bytea's hex output,
 * its backslash escaped). A row written here is therefore byte for byte the line PostgreSQL prints
 * for the same values, which is what a migration both sends and compares. Not thread-safe.
 *
 * <pre>{@code
 * CopyText t = new CopyText();
 * t.value("1".getBytes(UTF_8)); t.value("a\tb".getBytes(UTF_8)); t.nul(); t.endRow();
 * // 1<TAB>a\tb<TAB>\N<NEWLINE>
 * }</pre>
 */
final class CopyText {
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private byte[] buf = new byte[1 << 16];
  private int size;
  private boolean rowStarted;

  /**
   * Appends a value given as UTF-8 bytes (text, or a number's decimal digits), escaped. UTF-8 never
   * puts a byte below 0x80 inside a multi-byte sequence, so escaping bytes is exact.
   */
  void value(byte[] utf8) {
    separate();
    ensure(utf8.length);
    for (byte b : utf8) {
      byte escaped =
          switch (b) {
            case '\\' -> '\\';
            case '\b' -> 'b';
            case '\f' -> 'f';
            case '\n' -> 'n';
            case '\r' -> 'r';
            case '\t' -> 't';
            case 0x0b -> 'v';
            default -> 0;
          };
      if (escaped == 0) {
        put(b);
      } else {
        put((byte) '\\');
        put(escaped);
      }
    }
  }

  /** Appends a bytea value in hex format. */
  void hex(byte[] v) {
    separate();
    ensure(3 + 2 * v.length);
    buf[size++] = '\\';
    buf[size++] = '\\';
    buf[size++] = 'x';
    for (byte b : v) {
      buf[size++] = HEX[(b >> 4) & 0xf];
      buf[size++] = HEX[b & 0xf];
    }
  }

  /** Appends SQL NULL. */
  void nul() {
    separate();
    put((byte) '\\');
    put((byte) 'N');
  }

  /** Ends the current row. */
  void endRow() {
    put((byte) '\n');
    rowStarted = false;
  }

  /** Bytes written since the last {@link #clear}. */
  int size() {
    return size;
  }

  /** The buffer; its first {@link #size} bytes are the rows. */
  byte[] buffer() {
    return buf;
  }

  /** Forgets every row, keeping the buffer. */
  void clear() {
    size = 0;
    rowStarted = false;
  }

  @Override
  public String toString() {
    return new String(buf, 0, size, StandardCharsets.UTF_8);
  }

  private void separate() {
    if (rowStarted) {
      put((byte) '\t');
    }
    rowStarted = true;
  }

  private void put(byte b) {
    if (size == buf.length) {
      ensure(1);
    }
    buf[size++] = b;
  }

  private void ensure(int more) {
    if (size + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
    }
  }
}
