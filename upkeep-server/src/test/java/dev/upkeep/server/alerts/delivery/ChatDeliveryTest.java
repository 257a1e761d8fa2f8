package dev.upkeep.server.alerts.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upkeep.server.alerts.delivery.DeliveryAttempt.Outcome;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Slack and Matrix deliveries to a real HTTP receiver, their bodies field by field. */
class ChatDeliveryTest {
  private static final String TOKEN = "syt_bWF0cml4_token_42";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Receiver receiver = new Receiver();
  private final InMemoryDeliveryLog log = new InMemoryDeliveryLog();
  private final Map<String, String> environment =
      new java.util.concurrent.ConcurrentHashMap<>(Map.of("MATRIX_TOKEN", TOKEN));
  private final Deliverer deliverer =
      Deliverer.builder(Alerts.CLOCK, log)
          .scheduler(new ImmediateScheduler())
          .environment(environment::get)
          .build();

  /** A Slack destination whose URL, {@code url}, is read from {@code SLACK_URL}. */
  private Destination.Slack slack(URI url) {
    environment.put("SLACK_URL", url.toString());
    return new Destination.Slack(SecretRef.env("SLACK_URL"));
  }

  ChatDeliveryTest() throws IOException {}

  @AfterEach
  void close() {
    deliverer.close();
    receiver.close();
  }

  @Test
  void slackGetsTextAndBlocks() throws Exception {
    receiver.answer(200);
    URI url = receiver.url("/services/T000/B000/XXXXSECRET");

    DeliveryAttempt last =
        deliverer.deliver(Alerts.failureRate(), slack(url)).get(10, TimeUnit.SECONDS);

    assertThat(last.outcome()).isEqualTo(Outcome.DELIVERED);
    assertThat(last.destination()).isEqualTo("slack env:SLACK_URL");
    Receiver.Request req = receiver.requests().get(0);
    assertThat(req.method()).isEqualTo("POST");
    assertThat(req.path()).isEqualTo("/services/T000/B000/XXXXSECRET");
    assertThat(req.header("Content-Type")).isEqualTo("application/json");

    JsonNode body = JSON.readTree(req.body());
    assertThat(fieldNames(body)).containsExactly("text", "blocks");
    assertThat(body.get("text").asText())
        .isEqualTo("[FIRING] owner/name 2.8.0: failure rate 12.5% (was 1.1%)");
    JsonNode blocks = body.get("blocks");
    assertThat(blocks).hasSize(3);

    assertThat(blocks.get(0).get("type").asText()).isEqualTo("section");
    assertThat(blocks.get(0).get("text").get("type").asText()).isEqualTo("mrkdwn");
    assertThat(blocks.get(0).get("text").get("text").asText())
        .isEqualTo(
            ":red_circle: *[FIRING]* <https://upkeep.example.org/projects/owner/name/alerts/a-42"
                + "|owner/name 2.8.0: failure rate 12.5% (was 1.1%)>");

    assertThat(blocks.get(1).get("type").asText()).isEqualTo("section");
    JsonNode fields = blocks.get(1).get("fields");
    assertThat(fields).hasSize(6);
    assertThat(fields).allSatisfy(f -> assertThat(f.get("type").asText()).isEqualTo("mrkdwn"));
    assertThat(fields.get(0).get("text").asText()).isEqualTo("*runs*\n812");
    assertThat(fields.get(2).get("text").asText()).isEqualTo("*rate*\n0.125");
    assertThat(fields.get(3).get("text").asText())
        .isEqualTo("*interval*\n{\"lower\":0.1,\"upper\":0.15}");
    assertThat(fields.get(4).get("text").asText())
        .isEqualTo("*top_errors*\n[\"ValueError\",\"KeyError\"]");

    assertThat(blocks.get(2).get("type").asText()).isEqualTo("context");
    assertThat(blocks.get(2).get("elements").get(0).get("type").asText()).isEqualTo("mrkdwn");
    assertThat(blocks.get(2).get("elements").get(0).get("text").asText())
        .isEqualTo("rule failure-rate · alert a-42 · 2026-11-30T11:59:30Z");
  }

  @Test
  void slackEscapesItsControlCharactersAndLimitsFields() throws Exception {
    receiver.answer(200);
    Alert.Builder b =
        Alert.builder()
            .id("a-1")
            .project("owner/name")
            .rule("r")
            .state(Alert.State.RECOVERED)
            .at(Alerts.NOW)
            .summary("errors <KeyError> & more");
    for (int i = 0; i < 12; i++) {
      b.evidence("k" + i, i);
    }
    deliverer.deliver(b.build(), slack(receiver.url("/hook"))).get(10, TimeUnit.SECONDS);

    JsonNode body = JSON.readTree(receiver.requests().get(0).body());
    assertThat(body.get("blocks").get(0).get("text").get("text").asText())
        .isEqualTo(":large_green_circle: *[RECOVERED]* errors &lt;KeyError&gt; &amp; more");
    assertThat(body.get("blocks").get(1).get("fields")).hasSize(SlackBody.MAX_FIELDS);
  }

  @Test
  void matrixGetsAnHtmlMessagePutWithTheDeliveryAsTransaction() throws Exception {
    receiver.answer(502).answer(200);
    Destination.Matrix room =
        new Destination.Matrix(
            receiver.url("/"), "!abcdef:example.org", SecretRef.parse("env:MATRIX_TOKEN"));

    DeliveryAttempt last = deliverer.deliver(Alerts.failureRate(), room).get(10, TimeUnit.SECONDS);

    assertThat(last.outcome()).isEqualTo(Outcome.DELIVERED);
    assertThat(last.attempt()).isEqualTo(2);
    assertThat(last.destination())
        .isEqualTo(
            "matrix http://127.0.0.1:" + receiver.url("/").getPort() + " !abcdef:example.org");
    List<Receiver.Request> requests = receiver.requests();
    assertThat(requests).hasSize(2);
    for (Receiver.Request req : requests) {
      assertThat(req.method()).isEqualTo("PUT");
      // the same transaction id on the retry: the homeserver posts the message once
      assertThat(req.path())
          .isEqualTo(
              "/_matrix/client/v3/rooms/!abcdef:example.org/send/m.room.message/"
                  + last.deliveryId());
      assertThat(req.header("Authorization")).isEqualTo("Bearer " + TOKEN);
      assertThat(req.header("Content-Type")).isEqualTo("application/json");
    }

    JsonNode body = JSON.readTree(requests.get(1).body());
    assertThat(fieldNames(body)).containsExactly("msgtype", "body", "format", "formatted_body");
    assertThat(body.get("msgtype").asText()).isEqualTo("m.text");
    assertThat(body.get("format").asText()).isEqualTo("org.matrix.custom.html");
    assertThat(body.get("body").asText())
        .isEqualTo(
            "[FIRING] owner/name 2.8.0: failure rate 12.5% (was 1.1%)\n"
                + "runs: 812\n"
                + "failures: 102\n"
                + "rate: 0.125\n"
                + "interval: {\"lower\":0.1,\"upper\":0.15}\n"
                + "top_errors: [\"ValueError\",\"KeyError\"]\n"
                + "baseline_version: 2.7.3\n"
                + "rule failure-rate · alert a-42 · 2026-11-30T11:59:30Z\n"
                + "https://upkeep.example.org/projects/owner/name/alerts/a-42");
    assertThat(body.get("formatted_body").asText())
        .isEqualTo(
            "<p><strong>[FIRING]</strong> <a"
                + " href=\"https://upkeep.example.org/projects/owner/name/alerts/a-42\">owner/name"
                + " 2.8.0: failure rate 12.5% (was 1.1%)</a></p>"
                + "<ul><li>runs: 812</li><li>failures: 102</li><li>rate: 0.125</li>"
                + "<li>interval: {&quot;lower&quot;:0.1,&quot;upper&quot;:0.15}</li>"
                + "<li>top_errors: [&quot;ValueError&quot;,&quot;KeyError&quot;]</li>"
                + "<li>baseline_version: 2.7.3</li></ul>"
                + "<p>rule failure-rate · alert a-42 · 2026-11-30T11:59:30Z</p>");
  }

  @Test
  void matrixRoomIdsAreEncodedInThePath() {
    Destination.Matrix room =
        new Destination.Matrix(
            URI.create("https://matrix.example.org/"), "!a b/c:example.org", SecretRef.env("T"));
    assertThat(MatrixChannel.endpoint(room, "d-1").toString())
        .isEqualTo(
            "https://matrix.example.org/_matrix/client/v3/rooms/%21a%20b%2Fc%3Aexample.org"
                + "/send/m.room.message/d-1");
  }

  @Test
  void aRefusedMatrixTokenFailsWithoutRetry() throws Exception {
    receiver.answer(
        r ->
            new Receiver.Answer(
                401, Map.of(), "{\"errcode\":\"M_UNKNOWN_TOKEN\",\"error\":\"Invalid token\"}"));
    Destination.Matrix room =
        new Destination.Matrix(receiver.url("/"), "!r:example.org", SecretRef.env("MATRIX_TOKEN"));

    DeliveryAttempt last = deliverer.deliver(Alerts.failureRate(), room).get(10, TimeUnit.SECONDS);

    assertThat(last.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(last.httpStatus()).isEqualTo(401);
    assertThat(last.error()).contains("M_UNKNOWN_TOKEN");
    assertThat(receiver.requests()).hasSize(1);
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new java.util.ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
