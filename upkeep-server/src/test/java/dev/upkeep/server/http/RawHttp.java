package dev.upkeep.server.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP/1.1 exchange over a plain socket, for requests no HTTP client would send: broken chunk
 * sizes, bodies shorter than their Content-Length, raw bytes in headers.
 */
final class RawHttp {
  /** What came back: the status, or -1 when the server closed without answering. */
  record Answer(int status, String text) {
    boolean closed() {
      return status < 0;
    }
  }

  private RawHttp() {}

  /**
   * Sends {@code request} as is, half-closes the socket when {@code endInput} (so the server sees
   * the end of the body early), and reads until the server closes or 10 s pass.
   */
  static Answer exchange(int port, byte[] request, boolean endInput) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      try {
        out.write(request);
        out.flush();
        if (endInput) {
          s.shutdownOutput();
        }
      } catch (SocketException e) {
        // the server may refuse and close before the whole request is written
      }
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      InputStream in = s.getInputStream();
      byte[] buf = new byte[8192];
      try {
        for (int n; (n = in.read(buf)) > 0; ) {
          got.write(buf, 0, n);
          if (complete(got.toString(StandardCharsets.ISO_8859_1))) {
            break;
          }
        }
      } catch (SocketException | SocketTimeoutException e) {
        // reset or silent: judged by what arrived
      }
      String text = got.toString(StandardCharsets.ISO_8859_1);
      if (!text.startsWith("HTTP/1.1 ")) {
        return new Answer(-1, text);
      }
      return new Answer(Integer.parseInt(text.substring(9, 12)), text);
    }
  }

  /** Whether a whole answer with a Content-Length arrived (so the test need not wait for close). */
  private static boolean complete(String text) {
    int headersEnd = text.indexOf("\r\n\r\n");
    if (headersEnd < 0) {
      return false;
    }
    String headers = text.substring(0, headersEnd).toLowerCase(java.util.Locale.ROOT);
    int at = headers.indexOf("content-length:");
    if (at < 0) {
      return false;
    }
    int eol = headers.indexOf("\r\n", at);
    String value = headers.substring(at + 15, eol < 0 ? headers.length() : eol).trim();
    return text.length() - headersEnd - 4 >= Integer.parseInt(value);
  }

  /** The bytes of a head ending with a blank line, the lines joined with CRLF. */
  static byte[] head(String... lines) {
    return (String.join("\r\n", lines) + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
