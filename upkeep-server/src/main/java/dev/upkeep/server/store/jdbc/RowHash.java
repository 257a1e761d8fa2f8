package dev.upkeep.server.store.jdbc;

/**
 * The 64-bit hash of one row, taken over its line in PostgreSQL's COPY text format ({@link
 * CopyText}, without the newline), which both sides of a migration produce byte for byte for the
 * same values: FNV-1a (64 bit) over the bytes, finished with MurmurHash3's {@code fmix64} so that a
 * change of one bit anywhere changes about half of the bits of the result.
 *
 * <p>A table's checksum is the wrapping sum of its rows' hashes, which does not depend on the order
 * the rows are read in. Stateless.
 */
final class RowHash {
  private static final long OFFSET = 0xcbf29ce484222325L;
  private static final long PRIME = 0x100000001b3L;

  private RowHash() {}

  /** The hash of {@code bytes[from, to)}. */
  static long of(byte[] bytes, int from, int to) {
    long h = OFFSET;
    for (int i = from; i < to; i++) {
      h = (h ^ (bytes[i] & 0xff)) * PRIME;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }
}
