package dev.upkeep.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.upkeep.server.alerts.delivery.WebhookSignature;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A webhook receiver for the alert tests: a JDK {@link HttpServer} on an ephemeral port that keeps
 * every {@code POST /hook} (its {@code Upkeep-Signature} and body) and answers 204.
 */
final class WebhookReceiver implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final List<Map.Entry<String, byte[]>> received =
      Collections.synchronizedList(new ArrayList<>());
  private volatile Instant first;

  private WebhookReceiver(HttpServer server) {
    this.server = server;
  }

  static WebhookReceiver start() throws IOException {
    WebhookReceiver r =
        new WebhookReceiver(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
    r.server.createContext(
        "/hook",
        x -> {
          byte[] body = x.getRequestBody().readAllBytes();
          if (r.first == null) {
            r.first = Instant.now();
          }
          r.received.add(
              Map.entry(
                  String.valueOf(x.getRequestHeaders().getFirst(WebhookSignature.HEADER)), body));
          x.sendResponseHeaders(204, -1);
          x.close();
        });
    r.server.start();
    return r;
  }

  /** The URL a rule's webhook posts to. */
  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
  }

  /** Every webhook received so far: signature header and body. */
  List<Map.Entry<String, byte[]>> received() {
    return received;
  }

  /** When the first webhook arrived, or null. */
  Instant first() {
    return first;
  }

  /**
   * The first webhook's body, after checking that its signature holds with {@code secret} and not
   * with another.
   */
  JsonNode firstSigned(String secret) throws IOException {
    Map.Entry<String, byte[]> hit = received.get(0);
    Duration tolerance = Duration.ofMinutes(5);
    assertThat(
            WebhookSignature.verify(secret, hit.getKey(), hit.getValue(), Instant.now(), tolerance))
        .as("signed with the rule's secret: " + hit.getKey())
        .isTrue();
    assertThat(
            WebhookSignature.verify(
                "another-secret", hit.getKey(), hit.getValue(), Instant.now(), tolerance))
        .isFalse();
    return JSON.readTree(hit.getValue());
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
