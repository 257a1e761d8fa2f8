package dev.upkeep.client.internal.enroll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Proxy;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LoopbackReceiverTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private LoopbackReceiver receiver;

  @AfterEach
  void close() {
    if (receiver != null) {
      receiver.close();
    }
  }

  /** A browser's view of one answer. */
  static final class Page {
    final int status;
    final String contentType;
    final String body;

    Page(int status, String contentType, String body) {
      this.status = status;
      this.contentType = contentType;
      this.body = body;
    }
  }

  /** GETs (or POSTs) {@code uri} without any proxy, as a browser on this machine would. */
  static Page fetch(String method, URI uri) throws IOException {
    HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection(Proxy.NO_PROXY);
    try {
      c.setConnectTimeout(5_000);
      c.setReadTimeout(15_000);
      c.setRequestMethod(method);
      if (method.equals("POST")) {
        c.setDoOutput(true);
        try (OutputStream out = c.getOutputStream()) {
          out.write("code=x".getBytes(StandardCharsets.US_ASCII));
        }
      }
      int status = c.getResponseCode();
      InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
      String body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return new Page(status, c.getContentType(), body);
    } finally {
      c.disconnect();
    }
  }

  private CompletableFuture<Map<String, String>> awaitAsync(Duration timeout) {
    return CompletableFuture.supplyAsync(() -> receiver.await(timeout));
  }

  private URI at(String pathAndQuery) {
    URI r = receiver.redirectUri();
    return URI.create("http://127.0.0.1:" + r.getPort() + pathAndQuery);
  }

  @Test
  void redirectUriIsLoopbackIpv4WithAnEphemeralPort() throws IOException {
    receiver = new LoopbackReceiver();

    URI uri = receiver.redirectUri();

    assertThat(uri.getScheme()).isEqualTo("http");
    assertThat(uri.getHost()).isEqualTo("127.0.0.1");
    assertThat(uri.getPort()).isPositive();
    assertThat(uri.getPath()).isEqualTo("/callback");
    assertThat(uri.getQuery()).isNull();
  }

  @Test
  void notReachableOnOtherAddresses() throws IOException {
    receiver = new LoopbackReceiver();
    InetAddress external = nonLoopbackAddress();
    assumeTrue(external != null, "this machine has no non-loopback IPv4 address");

    try (Socket s = new Socket()) {
      assertThatThrownBy(
              () ->
                  s.connect(
                      new InetSocketAddress(external, receiver.redirectUri().getPort()), 2_000))
          .isInstanceOf(ConnectException.class);
    }
  }

  @Test
  void returnsTheDecodedQueryOfTheCallbackAndSaysComplete() throws Exception {
    receiver = new LoopbackReceiver();
    CompletableFuture<Map<String, String>> result = awaitAsync(WAIT);

    Page page = fetch("GET", at("/callback?code=ac_a%2Fb%2Bc&state=x+y&note=%E2%9C%93&flag"));

    assertThat(page.status).isEqualTo(200);
    assertThat(page.contentType).isEqualTo("text/html; charset=utf-8");
    assertThat(page.body).contains("Enrollment complete \u2014 you can close this window");
    assertThat(result.get(10, TimeUnit.SECONDS))
        .containsExactly(
            Map.entry("code", "ac_a/b+c"),
            Map.entry("state", "x y"),
            Map.entry("note", "\u2713"),
            Map.entry("flag", ""));
  }

  @Test
  void otherPathsGet404AndAreIgnored() throws Exception {
    receiver = new LoopbackReceiver();
    CompletableFuture<Map<String, String>> result = awaitAsync(WAIT);

    Page favicon = fetch("GET", at("/favicon.ico"));
    Page root = fetch("GET", at("/?code=not-here"));
    Page near = fetch("GET", at("/callbackx?code=not-here"));

    assertThat(favicon.status).isEqualTo(404);
    assertThat(root.status).isEqualTo(404);
    assertThat(near.status).isEqualTo(404);
    assertThat(result).isNotDone();

    Page callback = fetch("GET", at("/callback?code=c1&state=s1"));

    assertThat(callback.status).isEqualTo(200);
    assertThat(result.get(10, TimeUnit.SECONDS)).containsEntry("code", "c1");
  }

  @Test
  void otherMethodsGet405AndAreIgnored() throws Exception {
    receiver = new LoopbackReceiver();
    CompletableFuture<Map<String, String>> result = awaitAsync(WAIT);

    Page post = fetch("POST", at("/callback?code=posted"));

    assertThat(post.status).isEqualTo(405);
    assertThat(result).isNotDone();
    fetch("GET", at("/callback?code=got"));
    assertThat(result.get(10, TimeUnit.SECONDS)).containsEntry("code", "got");
  }

  @Test
  void malformedEscapesGet400AndAreIgnored() throws Exception {
    receiver = new LoopbackReceiver();
    CompletableFuture<Map<String, String>> result = awaitAsync(WAIT);

    String bad = raw("GET /callback?code=%zz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");

    assertThat(bad).isEqualTo("HTTP/1.1 400");
    assertThat(result).isNotDone();
    fetch("GET", at("/callback?code=fine"));
    assertThat(result.get(10, TimeUnit.SECONDS)).containsEntry("code", "fine");
  }

  @Test
  void anErrorAnswerIsReturnedAndShownAsAFailure() throws Exception {
    receiver = new LoopbackReceiver();
    CompletableFuture<Map<String, String>> result = awaitAsync(WAIT);

    Page page = fetch("GET", at("/callback?error=access_denied&state=s"));

    assertThat(page.status).isEqualTo(200);
    assertThat(page.body).contains("Enrollment failed").contains("declined");
    assertThat(result.get(10, TimeUnit.SECONDS)).containsEntry("error", "access_denied");
  }

  @Test
  void theVerdictDecidesThePageAndIsEscaped() throws Exception {
    receiver = new LoopbackReceiver();
    CompletableFuture<Map<String, String>> result =
        CompletableFuture.supplyAsync(
            () -> receiver.await(WAIT, p -> "state <b>" + p.get("state") + "</b> is wrong"));

    Page page = fetch("GET", at("/callback?code=c&state=%3Cscript%3E"));

    assertThat(page.body)
        .contains("Enrollment failed: state &lt;b&gt;&lt;script&gt;&lt;/b&gt; is wrong")
        .doesNotContain("<script>");
    assertThat(result.get(10, TimeUnit.SECONDS)).containsEntry("state", "<script>");
  }

  @Test
  void aThrowingVerdictStillAnswersAndReturns() throws Exception {
    receiver = new LoopbackReceiver();
    CompletableFuture<Map<String, String>> result =
        CompletableFuture.supplyAsync(
            () ->
                receiver.await(
                    WAIT,
                    p -> {
                      throw new IllegalStateException("boom");
                    }));

    Page page = fetch("GET", at("/callback?code=c"));

    assertThat(page.status).isEqualTo(200);
    assertThat(page.body).contains("Enrollment failed").doesNotContain("boom");
    assertThat(result.get(10, TimeUnit.SECONDS)).containsEntry("code", "c");
  }

  @Test
  void anIdleConnectionDoesNotHoldUpTheCallback() throws Exception {
    receiver = new LoopbackReceiver();
    CompletableFuture<Map<String, String>> result = awaitAsync(WAIT);

    try (Socket idle =
        new Socket(InetAddress.getByName("127.0.0.1"), receiver.redirectUri().getPort())) {
      long start = System.nanoTime();
      Page page = fetch("GET", at("/callback?code=c"));

      assertThat(page.status).isEqualTo(200);
      assertThat(result.get(10, TimeUnit.SECONDS)).containsEntry("code", "c");
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isLessThan(Duration.ofMillis(LoopbackReceiver.READ_TIMEOUT_MILLIS / 2));
    }
  }

  @Test
  void anOversizedRequestGets431AndIsIgnored() throws Exception {
    receiver = new LoopbackReceiver();
    CompletableFuture<Map<String, String>> result = awaitAsync(WAIT);

    String statusLine =
        raw("GET /callback?code=" + "a".repeat(LoopbackReceiver.MAX_LINE) + " HTTP/1.1\r\n\r\n");
    String headers;
    try (Socket s =
        new Socket(InetAddress.getByName("127.0.0.1"), receiver.redirectUri().getPort())) {
      s.setSoTimeout(10_000);
      StringBuilder many = new StringBuilder("GET /callback?code=h HTTP/1.1\r\n");
      for (int i = 0; i < 1000; i++) {
        many.append("X-Filler-").append(i).append(": ").append("b".repeat(60)).append("\r\n");
      }
      s.getOutputStream().write(many.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
      headers = new String(s.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      headers = "HTTP/1.1 431"; // the receiver may close before reading every header line
    }

    assertThat(statusLine).isEqualTo("HTTP/1.1 431");
    assertThat(headers).isEqualTo("HTTP/1.1 431");
    assertThat(result).isNotDone();
    fetch("GET", at("/callback?code=small"));
    assertThat(result.get(10, TimeUnit.SECONDS)).containsEntry("code", "small");
  }

  @Test
  void timesOutWithNull() throws IOException {
    receiver = new LoopbackReceiver();

    long start = System.nanoTime();
    Map<String, String> result = receiver.await(Duration.ofMillis(200));
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(result).isNull();
    assertThat(took).isBetween(Duration.ofMillis(150), Duration.ofSeconds(5));
  }

  @Test
  void closedReceiverRefusesConnectionsAndAwaitsNothing() throws IOException {
    receiver = new LoopbackReceiver();
    URI callback = at("/callback?code=late");
    receiver.close();

    assertThatThrownBy(() -> fetch("GET", callback)).isInstanceOf(ConnectException.class);
    assertThat(receiver.await(Duration.ofSeconds(5))).isNull();
  }

  @Test
  void afterTheCallbackTheReceiverStopsListening() throws Exception {
    receiver = new LoopbackReceiver();
    CompletableFuture<Map<String, String>> result = awaitAsync(WAIT);
    fetch("GET", at("/callback?code=first"));
    assertThat(result.get(10, TimeUnit.SECONDS)).containsEntry("code", "first");

    assertThatThrownBy(() -> fetch("GET", at("/callback?code=second")))
        .isInstanceOf(ConnectException.class);
  }

  @Test
  void queryDecoding() {
    assertThat(LoopbackReceiver.query("")).isEmpty();
    assertThat(LoopbackReceiver.query("a=1&a=2&b&&c=%20x+y&=v"))
        .containsExactly(
            Map.entry("a", "1"), Map.entry("b", ""), Map.entry("c", " x y"), Map.entry("", "v"));
    assertThatThrownBy(() -> LoopbackReceiver.query("a=%zz"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void defaultVerdicts() {
    assertThat(LoopbackReceiver.defaultVerdict(Map.of("code", "c"))).isNull();
    assertThat(LoopbackReceiver.defaultVerdict(Map.of())).contains("no authorization code");
    assertThat(LoopbackReceiver.defaultVerdict(Map.of("error", "access_denied")))
        .contains("declined");
    assertThat(
            LoopbackReceiver.defaultVerdict(
                Map.of("error", "invalid_request", "error_description", "bad challenge")))
        .contains("invalid_request: bad challenge");
  }

  /** Sends {@code request} as it is; returns the first 12 bytes of the answer (the status). */
  private String raw(String request) throws IOException {
    try (Socket s =
        new Socket(InetAddress.getByName("127.0.0.1"), receiver.redirectUri().getPort())) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      return new String(s.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
    }
  }

  private static InetAddress nonLoopbackAddress() throws IOException {
    for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (!ni.isUp() || ni.isLoopback()) {
        continue;
      }
      for (InetAddress a : Collections.list(ni.getInetAddresses())) {
        if (a instanceof Inet4Address && !a.isLoopbackAddress()) {
          return a;
        }
      }
    }
    return null;
  }
}
