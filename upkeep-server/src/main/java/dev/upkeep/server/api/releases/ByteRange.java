package dev.upkeep.server.api.releases;

import java.util.Optional;

/**
 * One range of bytes of a representation, as an HTTP {@code Range} request names it (RFC 9110
 * §14.1.2) and a {@code Content-Range} answers it: {@code first} to {@code last}, both included.
 *
 * @param first the first byte, from 0
 * @param last the last byte, at least {@code first}
 */
record ByteRange(long first, long last) {
  /** The number of bytes. */
  long length() {
    return last - first + 1;
  }

  /** {@code bytes first-last/size}, the {@code Content-Range} of an answer. */
  String contentRange(long size) {
    return "bytes " + first + "-" + last + "/" + size;
  }

  /**
   * The range a {@code Range} header asks of {@code size} bytes: empty for none, or for a header
   * this server does not serve ranges for (another unit, several ranges), which RFC 9110 lets it
   * answer whole.
   *
   * @throws IllegalArgumentException when the range is not satisfiable (416)
   */
  static Optional<ByteRange> of(String header, long size) {
    if (header == null) {
      return Optional.empty();
    }
    String h = header.trim();
    if (!h.regionMatches(true, 0, "bytes=", 0, 6) || h.indexOf(',') >= 0) {
      return Optional.empty();
    }
    String spec = h.substring(6).trim();
    int dash = spec.indexOf('-');
    if (dash < 0) {
      return Optional.empty();
    }
    String a = spec.substring(0, dash).trim();
    String b = spec.substring(dash + 1).trim();
    try {
      if (a.isEmpty()) {
        // the last b bytes
        long n = Long.parseLong(b);
        if (n <= 0 || size == 0) {
          throw unsatisfiable(header, size);
        }
        return Optional.of(new ByteRange(Math.max(0, size - n), size - 1));
      }
      long first = Long.parseLong(a);
      long asked = b.isEmpty() ? size - 1 : Long.parseLong(b);
      if (first < 0 || first >= size || asked < first) {
        throw unsatisfiable(header, size);
      }
      return Optional.of(new ByteRange(first, Math.min(asked, size - 1)));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * The part a {@code Content-Range} header of an upload names: {@code bytes first-last/total}.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  static Upload upload(String header) {
    String h = header.trim();
    if (!h.regionMatches(true, 0, "bytes ", 0, 6)) {
      throw new IllegalArgumentException(
          "Content-Range must be 'bytes FIRST-LAST/TOTAL', was '" + header + "'");
    }
    String spec = h.substring(6).trim();
    int dash = spec.indexOf('-');
    int slash = spec.indexOf('/');
    if (dash < 0 || slash < dash) {
      throw new IllegalArgumentException(
          "Content-Range must be 'bytes FIRST-LAST/TOTAL', was '" + header + "'");
    }
    try {
      long first = Long.parseLong(spec.substring(0, dash).trim());
      long last = Long.parseLong(spec.substring(dash + 1, slash).trim());
      long total = Long.parseLong(spec.substring(slash + 1).trim());
      if (first < 0 || last < first || last >= total) {
        throw new IllegalArgumentException(
            "Content-Range '" + header + "' is not a part of a blob of " + total + " bytes");
      }
      return new Upload(first, last - first + 1, total);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "Content-Range must be 'bytes FIRST-LAST/TOTAL' with whole numbers, was '" + header + "'",
          e);
    }
  }

  /** A part of an upload: {@code length} bytes at {@code offset} of a blob of {@code total}. */
  record Upload(long offset, long length, long total) {}

  private static IllegalArgumentException unsatisfiable(String header, long size) {
    return new IllegalArgumentException(
        "Range '" + header + "' is not within the blob's " + size + " bytes");
  }
}
