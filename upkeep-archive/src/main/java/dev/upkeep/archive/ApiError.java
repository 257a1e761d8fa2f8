package dev.upkeep.archive;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Reads a collector's error answer, {@code {"detail": …}} (the FastAPI shape the collector uses),
 * at most {@value #MAX_BYTES} bytes of it. Stateless.
 */
final class ApiError {
  static final int MAX_BYTES = 64 * 1024;

  private ApiError() {}

  /** The answer's JSON object, or an empty map when it has none. */
  static Map<?, ?> body(HttpURLConnection c) throws IOException {
    try (InputStream in = c.getErrorStream()) {
      if (in == null) {
        return Map.of();
      }
      String text = new String(in.readNBytes(MAX_BYTES), StandardCharsets.UTF_8);
      return Json.parse(text) instanceof Map<?, ?> m ? m : Map.of();
    } catch (RuntimeException e) {
      return Map.of();
    }
  }

  /** The answer's {@code detail} as text, or its HTTP reason phrase. */
  static String detail(HttpURLConnection c) throws IOException {
    Object detail = body(c).get("detail");
    if (detail instanceof String s) {
      return s;
    }
    return detail != null ? Json.write(detail) : String.valueOf(c.getResponseMessage());
  }
}
