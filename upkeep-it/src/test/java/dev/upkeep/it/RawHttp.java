package dev.upkeep.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * HTTP/1.1 over a plain socket, byte for byte: the request line and headers are sent exactly as
 * given (as the migas clients' captures hold them), so requests real clients send and an HTTP
 * library would "fix" (a request-target without its leading slash) reach the server unchanged.
 */
final class RawHttp {
  private RawHttp() {}

  /** A response: status, headers (lower-case names), decoded body. */
  record Response(int status, Map<String, String> headers, String body) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  /**
   * Sends one request on a new connection and reads the response.
   *
   * @param requestLine e.g. {@code POST /api/breadcrumb HTTP/1.1}
   * @param headers header lines without Host (added here)
   */
  static Response send(int port, String requestLine, List<String> headers, byte[] body)
      throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(30_000);
      ByteArrayOutputStream req = new ByteArrayOutputStream();
      req.write((requestLine + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
      req.write(("Host: 127.0.0.1:" + port + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
      for (String h : headers) {
        req.write((h + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
      }
      req.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
      req.write(body);
      OutputStream out = s.getOutputStream();
      try {
        out.write(req.toByteArray());
        out.flush();
      } catch (java.net.SocketException e) {
        // The server answered early (413 on Content-Length) and closed: read that answer.
        try {
          return read(s.getInputStream());
        } catch (IOException readFailure) {
          e.addSuppressed(readFailure);
          throw e;
        }
      }
      return read(s.getInputStream());
    }
  }

  /** Sends a POST with a Content-Type and Content-Length computed from the body. */
  static Response post(int port, String target, String contentType, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    List<String> headers = new ArrayList<>();
    if (contentType != null) {
      headers.add("Content-Type: " + contentType);
    }
    headers.add("Content-Length: " + bytes.length);
    headers.add("Connection: close");
    return send(port, "POST " + target + " HTTP/1.1", headers, bytes);
  }

  private static Response read(InputStream in) throws IOException {
    String statusLine = line(in);
    int status = Integer.parseInt(statusLine.split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (String l = line(in); !l.isEmpty(); l = line(in)) {
      int colon = l.indexOf(':');
      headers.put(
          l.substring(0, colon).trim().toLowerCase(Locale.ROOT), l.substring(colon + 1).trim());
    }
    byte[] body;
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      for (int n = Integer.parseInt(line(in).trim(), 16);
          n > 0;
          n = Integer.parseInt(line(in).trim(), 16)) {
        b.write(in.readNBytes(n));
        line(in);
      }
      body = b.toByteArray();
    } else if (headers.containsKey("content-length")) {
      body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
    } else {
      body = in.readAllBytes();
    }
    if ("gzip".equalsIgnoreCase(headers.get("content-encoding"))) {
      body = new GZIPInputStream(new java.io.ByteArrayInputStream(body)).readAllBytes();
    }
    return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\n') {
        break;
      }
      if (c != '\r') {
        b.write(c);
      }
    }
    return b.toString(StandardCharsets.ISO_8859_1);
  }
}
