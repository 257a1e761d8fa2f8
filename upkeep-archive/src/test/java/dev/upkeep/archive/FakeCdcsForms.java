package dev.upkeep.archive;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Request bodies as {@link FakeCdcs} reads them: URL-encoded forms and multipart forms, strictly.
 */
final class FakeCdcsForms {
  private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";]+)\"?");
  private static final Pattern NAME = Pattern.compile("name=\"([^\"]*)\"");
  private static final Pattern FILENAME = Pattern.compile("filename=\"([^\"]*)\"");

  /** A part of a multipart form. */
  record Part(String name, String filename, byte[] bytes) {}

  private FakeCdcsForms() {}

  /** An {@code application/x-www-form-urlencoded} body, or a query string. */
  static Map<String, String> urlEncoded(String body) {
    Map<String, String> out = new LinkedHashMap<>();
    if (body == null || body.isEmpty()) {
      return out;
    }
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      out.put(
          URLDecoder.decode(k, StandardCharsets.UTF_8),
          URLDecoder.decode(v, StandardCharsets.UTF_8));
    }
    return out;
  }

  /**
   * A {@code multipart/form-data} body, by part name.
   *
   * @throws IllegalArgumentException when it has no boundary, a part without a name, or no closing
   *     boundary (a body cut short)
   */
  static Map<String, Part> multipart(String contentType, byte[] body) {
    Matcher b = BOUNDARY.matcher(contentType == null ? "" : contentType);
    if (!b.find()) {
      throw new IllegalArgumentException("no multipart boundary");
    }
    byte[] delimiter = ("--" + b.group(1)).getBytes(StandardCharsets.US_ASCII);
    Map<String, Part> parts = new LinkedHashMap<>();
    int at = indexOf(body, delimiter, 0);
    if (at != 0) {
      throw new IllegalArgumentException("body does not start with the boundary");
    }
    while (true) {
      at += delimiter.length;
      if (startsWith(body, at, "--")) {
        return parts;
      }
      if (!startsWith(body, at, "\r\n")) {
        throw new IllegalArgumentException("bad boundary line");
      }
      at += 2;
      int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), at);
      int next = indexOf(body, ("\r\n--" + b.group(1)).getBytes(StandardCharsets.US_ASCII), at);
      if (headersEnd < 0 || next < 0 || headersEnd > next) {
        throw new IllegalArgumentException("multipart body cut short (no closing boundary)");
      }
      String headers = new String(body, at, headersEnd - at, StandardCharsets.UTF_8);
      Matcher name = NAME.matcher(headers);
      if (!name.find()) {
        throw new IllegalArgumentException("part without a name");
      }
      Matcher filename = FILENAME.matcher(headers);
      byte[] bytes = Arrays.copyOfRange(body, headersEnd + 4, next);
      parts.put(
          name.group(1),
          new Part(name.group(1), filename.find() ? filename.group(1) : null, bytes));
      at = next + 2;
    }
  }

  private static boolean startsWith(byte[] body, int at, String s) {
    byte[] b = s.getBytes(StandardCharsets.US_ASCII);
    return at + b.length <= body.length && Arrays.equals(body, at, at + b.length, b, 0, b.length);
  }

  private static int indexOf(byte[] body, byte[] needle, int from) {
    outer:
    for (int i = from; i <= body.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (body[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
