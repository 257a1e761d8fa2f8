package dev.upkeep.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upkeep.server.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slow clients against a real collector whose header deadline is 1 s, request deadline 2 s and idle
 * timeout 20 s: a client trickling its header or its body one byte at a time (each byte well within
 * the idle timeout) loses its connection at the deadline, long before the idle timeout; a
 * keep-alive connection that sits between requests is not cut by the header deadline.
 */
class SlowClientsIT {
  static final String EVENT =
      "{\"id\":\"e1\",\"project\":\"nipreps/fmriprep\",\"version\":\"1.0.0\"}";

  @TempDir Path data;
  TestServer server;

  @BeforeEach
  void start() {
    server =
        TestServer.start(
            data,
            Duration.ofHours(1),
            b ->
                b.headerTimeout(Duration.ofSeconds(1))
                    .requestTimeout(Duration.ofSeconds(2))
                    .idleTimeout(Duration.ofSeconds(20)));
    server.register("nipreps/fmriprep");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void aHeaderSentOneByteAtATimeIsCutAtTheHeaderDeadline() throws Exception {
    try (Socket s = connect()) {
      OutputStream out = s.getOutputStream();
      out.write("POST /v1/events HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
      long start = System.nanoTime();
      int sent = trickle(s, "X-Slow: " + "a".repeat(200), 200);
      long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
      assertThat(sent).as("bytes sent before the connection closed").isLessThan(200);
      assertThat(seconds).as("seconds before the connection closed").isLessThan(10);
    }
    assertThat(server.get("/v1/health").statusCode()).isEqualTo(200);
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void aBodySentOneByteAtATimeIsCutAtTheRequestDeadline() throws Exception {
    try (Socket s = connect()) {
      String head =
          "POST /v1/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
              + "Content-Length: "
              + (EVENT.length() + 2)
              + "\r\n\r\n";
      s.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
      int sent = trickle(s, "[" + EVENT + "]", 200);
      assertThat(sent).as("body bytes sent before the connection closed").isLessThan(40);
    }
    assertThat(server.rows("SELECT event_id FROM events")).isEmpty();
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void aKeepAliveConnectionWaitingBetweenRequestsIsLeftToTheIdleTimeout() throws Exception {
    try (Socket s = connect()) {
      s.setSoTimeout(10_000);
      String request = "GET /v1/health HTTP/1.1\r\nHost: x\r\n\r\n";
      s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      assertThat(readResponseHead(s.getInputStream())).startsWith("HTTP/1.1 200");
      // Longer than the header and request deadlines together, shorter than the idle timeout.
      s.setSoTimeout(3_500);
      assertThat(readOrTimeOut(s.getInputStream())).as("connection still open").isTrue();
      s.setSoTimeout(10_000);
      s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      assertThat(readResponseHead(s.getInputStream())).startsWith("HTTP/1.1 200");
    }
  }

  private Socket connect() throws IOException {
    Socket s = new Socket("127.0.0.1", server.server.port());
    s.setTcpNoDelay(true);
    return s;
  }

  /** Sends {@code text} a byte every {@code millis} until the server closes; bytes sent. */
  private static int trickle(Socket s, String text, long millis) throws InterruptedException {
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    try {
      s.setSoTimeout((int) millis);
      for (int i = 0; i < bytes.length; i++) {
        s.getOutputStream().write(bytes[i]);
        s.getOutputStream().flush();
        try {
          if (s.getInputStream().read() == -1) {
            return i;
          }
        } catch (SocketTimeoutException e) {
          // still open: the pause between two bytes
        }
      }
    } catch (IOException closed) {
      // reset by the server
    }
    return bytes.length;
  }

  /** True when a read timed out (the connection is open and silent), false when it ended. */
  private static boolean readOrTimeOut(InputStream in) throws IOException {
    try {
      return in.read() != -1;
    } catch (SocketTimeoutException e) {
      return true;
    }
  }

  private static String readResponseHead(InputStream in) throws IOException {
    StringBuilder b = new StringBuilder();
    while (!b.toString().endsWith("\r\n\r\n")) {
      int c = in.read();
      if (c == -1) {
        break;
      }
      b.append((char) c);
    }
    // health's body: read its Content-Length bytes so the next response starts clean
    String head = b.toString();
    int at = head.toLowerCase().indexOf("content-length:");
    if (at >= 0) {
      int n = Integer.parseInt(head.substring(at + 15, head.indexOf("\r\n", at)).trim());
      in.readNBytes(n);
    }
    return head;
  }
}
