package dev.upkeep.it.hostile;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * One request as raw bytes on a new connection from a chosen loopback source address (so that each
 * attacker is a different client to the collector), and the status of what came back.
 */
final class Wire {
  /** The connection closed (or was reset) before a status line arrived. */
  static final int CLOSED = -1;

  /** No status line within the timeout. */
  static final int TIMED_OUT = -2;

  private Wire() {}

  /**
   * Sends {@code request} and reads the status line.
   *
   * @param halfClose whether to shut the output down after sending (a body cut short)
   * @return the status code, {@link #CLOSED} or {@link #TIMED_OUT}
   */
  static int exchange(InetAddress from, int port, byte[] request, boolean halfClose, int timeoutMs)
      throws IOException {
    try (Socket s = new Socket()) {
      s.bind(new InetSocketAddress(from, 0));
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), timeoutMs);
      s.setSoTimeout(timeoutMs);
      try {
        s.getOutputStream().write(request);
        s.getOutputStream().flush();
        if (halfClose) {
          s.shutdownOutput();
        }
      } catch (IOException e) {
        // the server answered early and closed (413 before the body, say): read what it said
      }
      return status(s.getInputStream());
    }
  }

  /** A request with {@code Host}, {@code Content-Length} and {@code Connection: close} added. */
  static byte[] request(String method, String target, String contentType, byte[] body) {
    String head =
        method
            + " "
            + target
            + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
            + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n")
            + "Content-Length: "
            + body.length
            + "\r\n\r\n";
    return concat(head.getBytes(StandardCharsets.ISO_8859_1), body);
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  static InetAddress loopback(int third, int fourth) {
    try {
      return InetAddress.getByAddress(new byte[] {127, 0, (byte) third, (byte) fourth});
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static int status(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    try {
      for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
        line.append((char) c);
      }
      in.transferTo(OutputStreamSink.INSTANCE);
    } catch (SocketTimeoutException e) {
      if (line.length() == 0) {
        return TIMED_OUT;
      }
    } catch (IOException e) {
      if (line.length() == 0) {
        return CLOSED;
      }
    }
    String[] parts = line.toString().split(" ");
    if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
      return CLOSED;
    }
    return Integer.parseInt(parts[1]);
  }

  /** Discards bytes. */
  private static final class OutputStreamSink extends java.io.OutputStream {
    static final OutputStreamSink INSTANCE = new OutputStreamSink();

    @Override
    public void write(int b) {}

    @Override
    public void write(byte[] b, int off, int len) {}
  }
}
