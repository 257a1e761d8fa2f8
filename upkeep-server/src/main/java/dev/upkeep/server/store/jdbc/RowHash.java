package dev.upkeep.server.store.jdbc;

import java.nio.charset.StandardCharsets;

/**
 * The 64-bit hash of one row's values, the same for the same values whichever database they were
 * read from: every value is fed with a type tag (null, number, text, bytes) and, for text and
 * bytes, its length, so that no two different rows feed the same stream; text is fed as its UTF-8
 * bytes. The stream is hashed with FNV-1a (64 bit) and finished with MurmurHash3's {@code fmix64},
 * so a change of one bit anywhere changes about half of the bits of the result.
 *
 * <p>A table's checksum is the sum of its rows' hashes (wrapping), which does not depend on the
 * order the rows are read in. Not thread-safe; one instance per reader, reused row after row.
 */
final class RowHash {
  private static final long OFFSET = 0xcbf29ce484222325L;
  private static final long PRIME = 0x100000001b3L;

  private long h = OFFSET;

  /** Feeds SQL NULL. */
  void nul() {
    mix(0);
  }

  /** Feeds a whole number. */
  void number(long v) {
    mix(1);
    for (int shift = 0; shift < 64; shift += 8) {
      mix((int) (v >>> shift) & 0xff);
    }
  }

  /** Feeds a text value, or NULL. */
  void text(String v) {
    if (v == null) {
      nul();
      return;
    }
    feed(2, v.getBytes(StandardCharsets.UTF_8));
  }

  /** Feeds a byte string, or NULL. */
  void bytes(byte[] v) {
    if (v == null) {
      nul();
      return;
    }
    feed(3, v);
  }

  /** The hash of the values fed since the last call, and starts the next row. */
  long finish() {
    long k = h;
    h = OFFSET;
    k ^= k >>> 33;
    k *= 0xff51afd7ed558ccdL;
    k ^= k >>> 33;
    k *= 0xc4ceb9fe1a85ec53L;
    k ^= k >>> 33;
    return k;
  }

  private void feed(int tag, byte[] bytes) {
    mix(tag);
    int n = bytes.length;
    mix(n & 0xff);
    mix((n >>> 8) & 0xff);
    mix((n >>> 16) & 0xff);
    mix(n >>> 24);
    for (byte b : bytes) {
      mix(b & 0xff);
    }
  }

  private void mix(int b) {
    h = (h ^ b) * PRIME;
  }
}
