package dev.upkeep.archive;

import java.nio.charset.StandardCharsets;

/**
 * Percent-encodes URL path segments and query values: every byte of the UTF-8 form but RFC 3986's
 * unreserved characters ({@code A-Z a-z 0-9 - . _ ~}), so {@code +} in {@code 1.0.0+build.7} and
 * spaces in {@code Global Public Workspace} survive every server's decoding. Stateless.
 */
final class Segments {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private Segments() {}

  static String encode(String value) {
    StringBuilder out = new StringBuilder(value.length() + 8);
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c >= 'a' && c <= 'z'
          || c >= 'A' && c <= 'Z'
          || c >= '0' && c <= '9'
          || c == '-'
          || c == '.'
          || c == '_'
          || c == '~') {
        out.append((char) c);
      } else {
        out.append('%').append(HEX[c >> 4]).append(HEX[c & 15]);
      }
    }
    return out.toString();
  }
}
