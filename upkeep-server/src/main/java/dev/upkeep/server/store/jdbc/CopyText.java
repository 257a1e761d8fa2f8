package dev.upkeep.server.store.jdbc;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Rows in PostgreSQL's COPY text format, UTF-8, built in memory for one {@code COPY ... FROM
 * STDIN}: columns separated by a tab, rows ended by a newline, SQL NULL written {@code \N}, and in
 * text the backslash, tab, newline and carriage return escaped with a backslash; bytes are written
 * as {@code \\x} and lowercase hex (bytea's hex format, its backslash escaped). Not thread-safe.
 *
 * <pre>{@code
 * CopyText t = new CopyText();
 * t.number(1); t.text("a\tb"); t.nul(); t.endRow();   // 1\ta\\tb\t\N\n
 * }</pre>
 */
final class CopyText {
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private byte[] buf = new byte[1 << 16];
  private int size;
  private boolean rowStarted;

  /** Appends a whole number. */
  void number(long v) {
    separate();
    if (v >= 0 && v < 10) {
      put((byte) ('0' + v));
    } else {
      for (byte b : Long.toString(v).getBytes(StandardCharsets.US_ASCII)) {
        put(b);
      }
    }
  }

  /** Appends a text value, escaped. */
  void text(String v) {
    separate();
    // UTF-8 never puts an ASCII byte inside a multi-byte sequence: escaping the bytes is exact
    for (byte b : v.getBytes(StandardCharsets.UTF_8)) {
      switch (b) {
        case '\\' -> {
          put((byte) '\\');
          put((byte) '\\');
        }
        case '\t' -> {
          put((byte) '\\');
          put((byte) 't');
        }
        case '\n' -> {
          put((byte) '\\');
          put((byte) 'n');
        }
        case '\r' -> {
          put((byte) '\\');
          put((byte) 'r');
        }
        default -> put(b);
      }
    }
  }

  /** Appends a bytea value in hex format. */
  void bytes(byte[] v) {
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
