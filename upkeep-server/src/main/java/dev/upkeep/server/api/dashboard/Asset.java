package dev.upkeep.server.api.dashboard;

import dev.upkeep.server.digest.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * One file the dashboard serves: its bytes, content type and a strong ETag (the first 16 bytes of
 * its SHA-256, hex). Immutable.
 */
record Asset(byte[] bytes, String contentType, String etag) {
  /** An asset whose ETag is computed from {@code bytes}. */
  static Asset of(byte[] bytes, String contentType) {
    byte[] sha = Sha256.of(bytes);
    return new Asset(bytes, contentType, "\"" + HexFormat.of().formatHex(sha, 0, 16) + "\"");
  }

  /** The content type of a file name's extension (UTF-8 for text). */
  static String contentType(String file) {
    String ext = file.substring(file.lastIndexOf('.') + 1);
    return switch (ext) {
      case "html" -> "text/html;charset=utf-8";
      case "css" -> "text/css;charset=utf-8";
      case "js" -> "text/javascript;charset=utf-8";
      case "svg" -> "image/svg+xml;charset=utf-8";
      case "png" -> "image/png";
      default -> throw new IllegalArgumentException("no content type for " + file);
    };
  }

  /** The text of a UTF-8 asset (for tests). */
  String text() {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
