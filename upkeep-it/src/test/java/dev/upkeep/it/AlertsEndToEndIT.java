package dev.upkeep.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upkeep.client.ProjectCheck;
import dev.upkeep.client.Protocol;
import dev.upkeep.client.Tracker;
import dev.upkeep.client.UpkeepClient;
import dev.upkeep.server.alerts.AlertSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Release health alerts end to end, with nothing but real parts: {@value #USERS} users run
 * nipreps/nipreps through Upkeep's client library (what examples/tracked-cli does for one run:
 * {@code track}, {@code fail} on {@code --fail}, close), {@value #RUNS} runs of 0.9.0 of which 1 %
 * fail and {@value #RUNS} of 1.0.0 of which 25 % fail, delivered by the client's own sender over
 * HTTP in the Upkeep protocol to a real collector whose {@code alert-interval} is 1 s. A {@code
 * failure-rate} rule added through the API with {@code then: flag} and a webhook whose secret was
 * sealed by {@code POST /v1/alert-secrets} must then, by the collector's schedule alone (nothing
 * here calls the evaluator), deliver exactly one webhook to a JDK HttpServer, signed with the
 * secret, with the runs, failures and previous version as evidence. When that webhook arrives, the
 * version is already flagged for every way a client asks: the client's update notice on a user's
 * terminal, {@code checkProject} in both protocols, and migas-py's own captured check_project
 * request (fixture {@code migas-py-main.json}, which asks about nipreps/nipreps 1.0.0).
 *
 * <p>Runs are made in this JVM, {@value #RUNS_PER_CLIENT} per client (a client stands for one
 * user's machine), because a JVM per run would take minutes for the {@code min_runs} of 200 each
 * version needs; {@link TrackedCliAlertIT} runs examples/tracked-cli's jar as child processes
 * instead (its {@code --app-version}), with a rule of lower {@code min_runs}.
 *
 * <p>A second test: a user who ran 1.0.0 on a terminal before the alert is told it is flagged on
 * their next run (the client asks once per run while its version is not flagged).
 */
class AlertsEndToEndIT {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String PROJECT = "nipreps/nipreps";
  static final String HEALTHY = "0.9.0";
  static final String REGRESSED = "1.0.0";
  static final String APP = "nipreps";
  static final int USERS = 12;
  static final int RUNS = 300;
  static final int RUNS_PER_CLIENT = RUNS / USERS;
  static final String HOOK_SECRET = "whsec-alerts-e2e-0123456789";
  static final Duration INTERVAL = Duration.ofSeconds(1);

  @TempDir Path data;
  @TempDir Path home;
  RunningServer server;
  WebhookReceiver hooks;

  @BeforeEach
  void start() throws IOException {
    hooks = WebhookReceiver.start();
    server =
        RunningServer.start(
            data, b -> b.alerts(AlertSettings.defaults().with("alert-interval", "1s")));
    server.register(PROJECT, HEALTHY, REGRESSED);
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    if (hooks != null) {
      hooks.close();
    }
  }

  /** One user's client, as an app builds it, with its own directories under {@code home}. */
  UpkeepClient.Builder client(String user, String version, Protocol protocol) {
    Path dir = home.resolve(user);
    return UpkeepClient.builder()
        .endpoint(server.url())
        .protocol(protocol)
        .app(APP, version)
        .environment(
            Map.of(
                "UPKEEP_CONFIG_DIR", dir.resolve("config").toString(),
                "UPKEEP_CACHE_DIR", dir.resolve("cache").toString()))
        .configDir(dir.resolve("config"))
        .spoolDir(dir.resolve("spool"))
        .shutdownHook(false);
  }

  /**
   * {@code n} runs of {@code version} by {@code user}, run {@code i} failing when {@code fails(i)},
   * each as examples/tracked-cli does one (its {@code --fail} throws IllegalStateException in the
   * run); returns once the client's sender delivered them all.
   */
  void runs(String user, String version, int first, int n, java.util.function.IntPredicate fails) {
    UpkeepClient upkeep = client(user, version, Protocol.UPKEEP).interactive(false).build();
    for (int i = first; i < first + n; i++) {
      try (Tracker run = upkeep.track(PROJECT, version)) {
        try {
          if (fails.test(i)) {
            throw new IllegalStateException("failing as asked (--fail)");
          }
        } catch (RuntimeException e) {
          run.fail(e);
        }
      }
    }
    assertThat(upkeep.flush(Duration.ofSeconds(30))).as("delivered by " + user).isTrue();
    assertThat(upkeep.stats().sent()).isEqualTo(2L * n);
  }

  JsonNode admin(String method, String path, String body, int status) throws IOException {
    RawHttp.Response r = server.admin(method, path, body);
    assertThat(r.status()).as(method + " " + path + ": " + r.body()).isEqualTo(status);
    return JSON.readTree(r.body());
  }

  /** Runs and failures the collector holds for a version, from its health endpoint. */
  long[] stored(String version) throws IOException {
    RawHttp.Response r =
        server.admin("GET", "/v1/projects/" + PROJECT + "/health?version=" + version, null);
    if (r.status() != 200) {
      return new long[] {0, 0};
    }
    JsonNode v = JSON.readTree(r.body()).get("versions").get(0);
    return new long[] {v.get("runs").asLong(), v.get("failures").asLong()};
  }

  /** migas-py's own check_project request for nipreps/nipreps 1.0.0, from the fixtures. */
  JsonNode migasPyCheckProject() throws IOException {
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
    assertThat(body).as("the fixture's check_project").contains(PROJECT).contains(REGRESSED);
    RawHttp.Response r =
        RawHttp.post(server.port(), "/graphql", "application/json; charset=utf-8", body);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body()).get("data").get("check_project");
  }

  /**
   * The runs of both versions, each user running both (0.9.0 fails 1 run in 100, 1.0.0 1 in 4),
   * stored; then the rule, added through the API with its webhook's secret sealed by the collector.
   *
   * @return the rule's id
   */
  long regressionAndRule() throws Exception {
    for (int u = 0; u < USERS; u++) {
      int first = u * RUNS_PER_CLIENT;
      runs("user" + u, HEALTHY, first, RUNS_PER_CLIENT, i -> i % 100 == 0);
      runs("user" + u, REGRESSED, first, RUNS_PER_CLIENT, i -> i % 4 == 0);
    }
    long failing = RUNS / 4;
    // the collector stores what it accepted in the background: wait until it holds every run, so
    // the rule is judged on all of them (1.0.0 may have one more, a terminal user's)
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                stored(HEALTHY)[0] == RUNS
                    && stored(REGRESSED)[0] >= RUNS
                    && stored(REGRESSED)[1] == failing);
    assertThat(stored(HEALTHY)).containsExactly(RUNS, RUNS / 100);
    assertThat(hooks.received()).as("no rule yet, nothing sent").isEmpty();

    String secret =
        admin(
                "POST",
                "/v1/alert-secrets",
                JSON.writeValueAsString(Map.of("value", HOOK_SECRET)),
                200)
            .get("secret")
            .asText();
    assertThat(secret).startsWith("enc:v1:").doesNotContain(HOOK_SECRET);
    String hook = hooks.url();
    JsonNode rule =
        admin(
            "POST",
            "/v1/projects/" + PROJECT + "/alert-rules",
            JSON.writeValueAsString(
                Map.of(
                    "when",
                    "failure-rate",
                    "above_baseline",
                    2,
                    "then",
                    "flag",
                    "notify",
                    List.of(Map.of("type", "webhook", "url", hook, "secret", secret)))),
            201);
    return rule.get("id").asLong();
  }

  @Test
  void realRunsOfARegressedReleaseFireOneSignedWebhookAndFlagItForEveryClient() throws Exception {
    long ruleId = regressionAndRule();
    int failing = RUNS / 4;

    // The collector's schedule (alert-interval 1s) evaluates the rule; nothing here asks it to.
    await().atMost(Duration.ofSeconds(30)).until(() -> !hooks.received().isEmpty());

    // At the moment the webhook arrives the version is flagged for every client (the evaluator
    // flags before it delivers): all within the evaluation that fired, without waiting for another.
    ProjectCheck upkeepCheck =
        client("checker", REGRESSED, Protocol.UPKEEP)
            .interactive(false)
            .build()
            .checkProject(PROJECT, REGRESSED);
    ProjectCheck migasCheck =
        client("migas-checker", REGRESSED, Protocol.MIGAS)
            .interactive(false)
            .build()
            .checkProject(PROJECT, REGRESSED);
    JsonNode migasPy = migasPyCheckProject();
    String notice = terminalRun("terminal-user", true);

    JsonNode alert = hooks.firstSigned(HOOK_SECRET);
    assertThat(alert.get("state").asText()).isEqualTo("firing");
    assertThat(alert.get("project").asText()).isEqualTo(PROJECT);
    assertThat(alert.get("version").asText()).isEqualTo(REGRESSED);
    assertThat(alert.get("rule").asText()).isEqualTo("failure-rate");
    JsonNode evidence = alert.get("evidence");
    assertThat(evidence.get("runs").asLong()).isEqualTo(RUNS);
    assertThat(evidence.get("failures").asLong()).isEqualTo(failing);
    assertThat(evidence.get("failure_rate").asDouble()).isEqualTo(0.25);
    assertThat(evidence.get("previous").get("version").asText()).isEqualTo(HEALTHY);
    assertThat(evidence.get("previous").get("runs").asLong()).isEqualTo(RUNS);
    assertThat(evidence.get("previous").get("failures").asLong()).isEqualTo(RUNS / 100);
    assertThat(evidence.get("verdict").asText()).isEqualTo("regressed");
    assertThat(evidence.get("above_baseline").asDouble()).isEqualTo(2.0);
    assertThat(evidence.get("error_types").get(0).get("type").asText())
        .as("the client's error type: the exception's class")
        .isEqualTo("java.lang.IllegalStateException");
    assertThat(evidence.get("error_types").get(0).get("failures").asLong()).isEqualTo(failing);

    String reason =
        "1.0.0 fails 25.0% of runs (was 1.0% in 0.9.0): flagged by alert rule " + ruleId;
    assertThat(upkeepCheck.success()).as(upkeepCheck.toString()).isTrue();
    assertThat(upkeepCheck.flagged()).as(upkeepCheck.toString()).isTrue();
    assertThat(upkeepCheck.message())
        .as("the rule's reason, and the newest healthy release as the replacement")
        .contains(reason)
        .contains("Please upgrade to 0.9.0.");
    assertThat(migasCheck.success()).as(migasCheck.toString()).isTrue();
    assertThat(migasCheck.flagged()).as(migasCheck.toString()).isTrue();
    assertThat(migasCheck.message()).contains(reason).contains("Please upgrade to 0.9.0.");
    assertThat(migasPy.get("success").asBoolean()).isTrue();
    assertThat(migasPy.get("flagged").asBoolean()).as(migasPy.toString()).isTrue();
    assertThat(migasPy.get("message").asText())
        .contains(reason)
        .contains("Please upgrade to 0.9.0.");
    assertThat(notice)
        .as("the update notice a user of 1.0.0 sees on their terminal")
        .contains(PROJECT + ": Version 1.0.0 is flagged: " + reason)
        .contains("Please upgrade to 0.9.0.");

    // Exactly one webhook: later evaluations (several periods, while the rule still holds) and the
    // delivery's own retries add none.
    Thread.sleep(4 * INTERVAL.toMillis());
    assertThat(hooks.received()).as("one webhook for the alert").hasSize(1);
    JsonNode alerts = admin("GET", "/v1/projects/" + PROJECT + "/alerts", null, 200).get("alerts");
    assertThat(alerts).hasSize(1);
    assertThat(alerts.get(0).get("state").asText()).isEqualTo("firing");
    assertThat(alerts.get(0).get("flag_reason").asText()).isEqualTo(reason);
    JsonNode log =
        admin(
            "GET",
            "/v1/projects/" + PROJECT + "/alerts/" + alerts.get(0).get("id").asLong(),
            null,
            200);
    assertThat(log.get("deliveries"))
        .extracting(d -> d.get("outcome").asText())
        .containsExactly("delivered");
  }

  /**
   * What {@code user}, who said yes to telemetry, sees on stderr when they start a tracked run of
   * 1.0.0 on a terminal: the client's update notice, which asks the collector in the background (or
   * answers from its cache of the day) and prints a line when there is something to tell. With
   * {@code expectLine} it waits for that line, else for the answer to be kept in the user's cache.
   */
  String terminalRun(String user, boolean expectLine) throws Exception {
    // the user's decision, as an app's "telemetry on" command saves it: no one-time notice then
    client(user, REGRESSED, Protocol.UPKEEP).interactive(false).build().enable();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream stderr = new PrintStream(err, true, StandardCharsets.UTF_8);
    PrintStream before = System.err;
    UpkeepClient upkeep;
    System.setErr(stderr); // the builder takes System.err as the notice's stream
    try {
      upkeep = client(user, REGRESSED, Protocol.UPKEEP).interactive(true).build();
    } finally {
      System.setErr(before);
    }
    Path checks = home.resolve(user).resolve("cache").resolve("checks");
    try (Tracker run = upkeep.track(PROJECT, REGRESSED)) {
      assertThat(run.isClosed()).as("a run the user started, tracked").isFalse();
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  expectLine
                      ? err.toString(StandardCharsets.UTF_8).contains(PROJECT + ": ")
                      : kept(checks));
    }
    upkeep.flush(Duration.ofSeconds(10));
    return err.toString(StandardCharsets.UTF_8);
  }

  /** Whether the update notice kept an answer in {@code checks}. */
  static boolean kept(Path checks) throws IOException {
    if (!Files.isDirectory(checks)) {
      return false;
    }
    try (java.util.stream.Stream<Path> files = Files.list(checks)) {
      return files.anyMatch(f -> f.toString().endsWith(".json"));
    }
  }

  /**
   * A user who ran 1.0.0 on a terminal before the alert (the collector said then that nothing was
   * wrong) runs it again once the alert has fired: their update notice should say it is flagged.
   *
   * <p>It does, on that next run: the client asks again at every run while its kept answer says the
   * version is not flagged (upkeep-client's {@code UpdateNotice}).
   */
  @Test
  void aUserWhoRanTheVersionBeforeTheAlertIsToldItIsFlaggedOnTheirNextRun() throws Exception {
    String before = terminalRun("early-user", false);
    assertThat(before).as("nothing to tell yet").doesNotContain(PROJECT + ": ");
    regressionAndRule();
    await().atMost(Duration.ofSeconds(30)).until(() -> !hooks.received().isEmpty());
    assertThat(
            client("checker", REGRESSED, Protocol.UPKEEP)
                .interactive(false)
                .build()
                .checkProject(PROJECT, REGRESSED)
                .flagged())
        .as("flagged on the collector")
        .isTrue();
    String after = terminalRun("early-user", true);
    assertThat(after).contains(PROJECT + ": Version 1.0.0 is flagged: ");
  }
}
