package dev.upkeep.server.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.upkeep.server.alerts.delivery.WebhookSignature;
import dev.upkeep.server.ingest.UsageEvent;
import dev.upkeep.server.testing.Runs;
import dev.upkeep.server.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.subethamail.smtp.helper.SimpleMessageListener;
import org.subethamail.smtp.server.SMTPServer;

/**
 * Release health alerts in a real collector: a version that fails ten times as often as the one
 * before it fires one signed webhook and one email with its evidence, flags the version for migas'
 * check_project (the request migas-py sends, from the fixtures) and {@code /v1/.../check}, does not
 * fire again while it holds, and recovers (a second delivery, the flag lifted) when it heals.
 */
class AlertsIT {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String PROJECT = "nipreps/nipreps";
  static final String HOOK_SECRET = "whsec-alerts-it-0123456789";

  @TempDir Path data;
  TestServer server;
  String master;
  long project;
  HttpServer hooks;
  final List<Map.Entry<Map<String, String>, byte[]>> received =
      Collections.synchronizedList(new ArrayList<>());
  SMTPServer smtp;
  final List<String> mails = Collections.synchronizedList(new ArrayList<>());

  @BeforeEach
  void start() throws Exception {
    hooks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    hooks.createContext(
        "/hook",
        x -> {
          byte[] body = x.getRequestBody().readAllBytes();
          received.add(
              Map.entry(
                  Map.of(
                      WebhookSignature.HEADER,
                      String.valueOf(x.getRequestHeaders().getFirst(WebhookSignature.HEADER))),
                  body));
          x.sendResponseHeaders(204, -1);
          x.close();
        });
    hooks.start();
    smtp =
        SMTPServer.port(0)
            .hostName("localhost")
            .simpleMessageListener(
                new SimpleMessageListener() {
                  @Override
                  public boolean accept(String from, String recipient) {
                    return true;
                  }

                  @Override
                  public void deliver(String from, String recipient, InputStream in)
                      throws IOException {
                    mails.add(
                        recipient + "\n" + new String(in.readAllBytes(), StandardCharsets.UTF_8));
                  }
                })
            .build();
    smtp.start();
    server =
        TestServer.start(
            data,
            Duration.ofSeconds(60),
            b ->
                b.alerts(
                    AlertSettings.defaults()
                        .with("smtp-host", "localhost")
                        .with("smtp-port", Integer.toString(smtp.getPortAllocated()))
                        .with("smtp-security", "none")
                        .with("smtp-from", "upkeep@example.org")));
    master = server.server.initialMasterToken().orElseThrow();
    project = server.register(PROJECT).id();
    Instant now = TestServer.START;
    List<UsageEvent> events = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      events.add(
          Runs.run(
              project,
              now.minus(Duration.ofDays(10)),
              "0.9.0",
              "u" + (i % 40),
              i < 10,
              "KeyError"));
      events.add(
          Runs.run(
              project,
              now.minus(Duration.ofDays(2)),
              "1.0.0",
              "w" + (i % 60),
              i < 100,
              "ValueError"));
    }
    server.server.store().events().append(events);
  }

  @AfterEach
  void stop() {
    server.close();
    hooks.stop(0);
    smtp.stop();
  }

  private JsonNode post(String path, String body, int status) throws Exception {
    HttpResponse<String> r =
        server.post(path, "application/json", body, "Authorization", "Bearer " + master);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    return JSON.readTree(r.body());
  }

  private JsonNode get(String path) throws Exception {
    HttpResponse<String> r = server.get(path, "Authorization", "Bearer " + master);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  /** migas-py's own check_project request for nipreps/nipreps 1.0.0, from the fixtures. */
  private JsonNode checkProject() throws Exception {
    String body = null;
    try (InputStream in =
        getClass().getResourceAsStream("/fixtures/migas-requests/migas-py-main.json")) {
      for (JsonNode r : JSON.readTree(in)) {
        if (r.get("body").asText().contains("check_project")) {
          body = r.get("body").asText();
          break;
        }
      }
    }
    HttpResponse<String> r = server.post("/graphql", "application/json; charset=utf-8", body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body()).get("data").get("check_project");
  }

  @Test
  void aRegressionFiresOnceSignedFlagsTheVersionAndRecovers() throws Exception {
    String secret =
        post("/v1/alert-secrets", JSON.writeValueAsString(Map.of("value", HOOK_SECRET)), 200)
            .get("secret")
            .asText();
    assertThat(secret).startsWith("enc:v1:").doesNotContain(HOOK_SECRET);
    String hook = "http://127.0.0.1:" + hooks.getAddress().getPort() + "/hook";
    JsonNode rule =
        post(
            "/v1/projects/nipreps/nipreps/alert-rules",
            "{\"when\":\"failure-rate\",\"above_baseline\":2,\"min_runs\":200,\"then\":\"flag\","
                + "\"notify\":[{\"type\":\"webhook\",\"url\":\""
                + hook
                + "\",\"secret\":\""
                + secret
                + "\"},{\"type\":\"email\",\"to\":[\"oncall@example.org\"]}]}",
            201);
    assertThat(rule.get("when").asText()).isEqualTo("failure-rate");
    assertThat(Files.readString(data.resolve("upkeep.db"), StandardCharsets.ISO_8859_1))
        .as("the store holds the sealed secret only")
        .doesNotContain(HOOK_SECRET);

    AlertEvaluator.Outcome first = server.server.alerting().evaluator().evaluateAll();
    assertThat(first.fired()).hasSize(1);
    AlertEvaluator.Outcome again = server.server.alerting().evaluator().evaluateAll();
    assertThat(again.fired()).as("once per version and rule").isEmpty();

    Awaitility.await()
        .atMost(30, TimeUnit.SECONDS)
        .until(() -> received.size() >= 1 && !mails.isEmpty());
    Map.Entry<Map<String, String>, byte[]> hit = received.get(0);
    assertThat(
            WebhookSignature.verify(
                HOOK_SECRET,
                hit.getKey().get(WebhookSignature.HEADER),
                hit.getValue(),
                Instant.now(),
                Duration.ofDays(3650)))
        .as("signed with the rule's secret")
        .isTrue();
    JsonNode alert = JSON.readTree(hit.getValue());
    assertThat(alert.get("state").asText()).isEqualTo("firing");
    assertThat(alert.get("project").asText()).isEqualTo(PROJECT);
    assertThat(alert.get("version").asText()).isEqualTo("1.0.0");
    assertThat(alert.get("rule").asText()).isEqualTo("failure-rate");
    JsonNode evidence = alert.get("evidence");
    assertThat(evidence.get("runs").asLong()).isEqualTo(1000);
    assertThat(evidence.get("failures").asLong()).isEqualTo(100);
    assertThat(evidence.get("previous").get("version").asText()).isEqualTo("0.9.0");
    assertThat(evidence.get("previous").get("failures").asLong()).isEqualTo(10);
    assertThat(evidence.get("interval").get("lower").asDouble())
        .as("95 % intervals shown; judged at z = 3")
        .isGreaterThan(2 * evidence.get("previous").get("interval").get("upper").asDouble());
    assertThat(evidence.get("z").asDouble()).isEqualTo(3.0);
    assertThat(evidence.get("error_types").get(0).get("type").asText()).isEqualTo("ValueError");
    assertThat(evidence.get("above_baseline").asDouble()).isEqualTo(2.0);
    assertThat(mails).hasSize(1);
    assertThat(mails.get(0)).startsWith("oncall@example.org\n");
    jakarta.mail.internet.MimeMessage mail =
        new jakarta.mail.internet.MimeMessage(
            jakarta.mail.Session.getInstance(new java.util.Properties()),
            new java.io.ByteArrayInputStream(
                mails
                    .get(0)
                    .substring(mails.get(0).indexOf('\n') + 1)
                    .getBytes(StandardCharsets.UTF_8)));
    assertThat(mail.getSubject())
        .isEqualTo(
            "[upkeep] nipreps/nipreps 1.0.0: failure rate 10.0% (8.3–12.0%) over 1000 runs, above 2×"
                + " 0.9.0's 1.0% (0.5–1.8%)");

    JsonNode check = checkProject();
    assertThat(check.get("flagged").asBoolean()).isTrue();
    assertThat(check.get("message").asText())
        .contains("1.0.0 fails 10.0% of runs (was 1.0% in 0.9.0)");
    JsonNode v1 = get("/v1/projects/nipreps/nipreps/check?version=1.0.0");
    assertThat(v1.get("flagged").asBoolean()).isTrue();
    assertThat(v1.get("upgrade_to").isNull()).as("no healthy release is registered").isTrue();
    JsonNode listed = get("/v1/projects/nipreps/nipreps/alerts");
    assertThat(listed.get("alerts")).hasSize(1);
    JsonNode a = listed.get("alerts").get(0);
    assertThat(a.get("state").asText()).isEqualTo("firing");
    assertThat(a.get("rule").asText()).isEqualTo("failure-rate");
    assertThat(a.get("flag_reason").asText()).contains("flagged by alert rule");
    Awaitility.await()
        .atMost(10, TimeUnit.SECONDS)
        .until(
            () ->
                get("/v1/projects/nipreps/nipreps/alerts/" + a.get("id").asLong())
                        .get("deliveries")
                        .size()
                    == 2);
    JsonNode log = get("/v1/projects/nipreps/nipreps/alerts/" + a.get("id").asLong());
    assertThat(log.get("deliveries"))
        .extracting(d -> d.get("outcome").asText())
        .containsOnly("delivered");

    // 1.0.0 heals: 20 000 more good runs bring its interval under the baseline
    List<UsageEvent> good = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      good.add(
          Runs.run(
              project,
              TestServer.START.minus(Duration.ofDays(1)),
              "1.0.0",
              "w" + (i % 60),
              false,
              null));
    }
    server.server.store().events().append(good);
    AlertEvaluator.Outcome healed = server.server.alerting().evaluator().evaluateAll();
    assertThat(healed.resolved()).hasSize(1);
    Awaitility.await().atMost(30, TimeUnit.SECONDS).until(() -> received.size() >= 2);
    assertThat(JSON.readTree(received.get(1).getValue()).get("state").asText())
        .isEqualTo("recovered");
    assertThat(checkProject().get("flagged").asBoolean()).as("the rule's flag lifted").isFalse();
    assertThat(received).hasSize(2);
  }

  @Test
  void anAcknowledgedAlertDoesNotFireAgainAndBadRulesAreRefusedNamingTheField() throws Exception {
    post("/v1/projects/nipreps/nipreps/alert-rules", "{\"when\":\"new-error-type\"}", 201);
    AlertEvaluator.Outcome first = server.server.alerting().evaluator().evaluateAll();
    assertThat(first.fired()).hasSize(1);
    assertThat(first.fired().get(0).summary())
        .isEqualTo("nipreps/nipreps 1.0.0: new error types ValueError (100)");
    long id = first.fired().get(0).id();
    JsonNode acked = post("/v1/projects/nipreps/nipreps/alerts/" + id + "/ack", "", 200);
    assertThat(acked.get("state").asText()).isEqualTo("acknowledged");
    assertThat(server.server.alerting().evaluator().evaluateAll().fired()).isEmpty();

    JsonNode bad =
        post(
            "/v1/projects/nipreps/nipreps/alert-rules", "{\"when\":\"adoption\",\"below\":2}", 400);
    assertThat(bad.get("detail").asText())
        .isEqualTo("below must be a share from 0% to 100%, was 2.0");
    JsonNode secret =
        post(
            "/v1/projects/nipreps/nipreps/alert-rules",
            "{\"when\":\"silence\",\"notify\":[{\"type\":\"webhook\",\"url\":\"https://h.example/x\","
                + "\"secret\":\"hunter2\"}]}",
            400);
    assertThat(secret.get("detail").asText()).doesNotContain("hunter2").contains("env:NAME");
  }
}
