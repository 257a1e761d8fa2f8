package dev.upkeep.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upkeep.server.alerts.AlertSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Release health alerts end to end with the real example app: examples/tracked-cli's jar, run as
 * child processes ({@link TrackedCliProcess}) against a real collector whose {@code alert-interval}
 * is 1 s, {@value #RUNS} times as 0.9.0 (none failing) and {@value #RUNS} times as 1.0.0 (every
 * other run with {@code --fail}), two processes at a time. A {@code failure-rate} rule with {@code
 * min_runs} 30, added through the API with {@code then: flag} and a webhook whose secret was sealed
 * by {@code POST /v1/alert-secrets}, must then, by the collector's schedule alone (nothing here
 * calls the evaluator), deliver exactly one webhook to a JDK HttpServer, signed with the secret,
 * with the runs, failures and previous version as evidence; and a user of 1.0.0 who runs the app on
 * a terminal afterwards is told by the client's update notice that 1.0.0 is flagged, with the
 * rule's reason.
 *
 * <p>At z = 3, 20 failures in 40 runs against 0 in 40 is a regression: the new version's lower
 * bound (about 0.29) lies above the old one's upper bound (about 0.18). {@link AlertsEndToEndIT}
 * does the same with in-process clients and far more runs.
 */
class TrackedCliAlertIT {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String PROJECT = "upkeep/tracked-cli";
  static final String HEALTHY = "0.9.0";
  static final String REGRESSED = "1.0.0";
  static final int RUNS = 40;
  static final int FAILING = RUNS / 2;
  static final int PARALLEL = 2;
  static final String HOOK_SECRET = "whsec-tracked-cli-0123456789";
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

  Map<String, String> env() {
    return Map.of("UPKEEP_ENDPOINT", server.url());
  }

  /**
   * Runs the jar once per element of {@code runs}, {@value #PARALLEL} processes at a time: worker
   * {@code w} (one user, with its own directories under {@code home/user<w>}) runs elements {@code
   * w}, {@code w + PARALLEL}, … one after another. Each run must exit 0, or 1 with {@code --fail}.
   */
  void runAll(List<List<String>> runs) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
    try {
      List<Future<Void>> workers = new ArrayList<>();
      for (int w = 0; w < PARALLEL; w++) {
        int worker = w;
        workers.add(
            pool.submit(
                () -> {
                  Path user = Files.createDirectories(home.resolve("user" + worker));
                  for (int i = worker; i < runs.size(); i += PARALLEL) {
                    List<String> args = runs.get(i);
                    TrackedCliProcess p =
                        TrackedCliProcess.start(user, env(), args.toArray(String[]::new));
                    assertThat(p.waitFor())
                        .as(args + ": " + p.output())
                        .isEqualTo(args.contains("--fail") ? 1 : 0);
                  }
                  return null;
                }));
      }
      for (Future<Void> f : workers) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  JsonNode admin(String method, String path, String body, int status) throws IOException {
    RawHttp.Response r = server.admin(method, path, body);
    assertThat(r.status()).as(method + " " + path + ": " + r.body()).isEqualTo(status);
    return JSON.readTree(r.body());
  }

  /** The collector's health of one version, or null while it holds no events of it. */
  JsonNode health(String version) throws IOException {
    RawHttp.Response r =
        server.admin("GET", "/v1/projects/" + PROJECT + "/health?version=" + version, null);
    return r.status() == 200 ? JSON.readTree(r.body()).get("versions").get(0) : null;
  }

  boolean stored(String version, int runs, int failures) throws IOException {
    JsonNode v = health(version);
    return v != null && v.get("runs").asInt() == runs && v.get("failures").asInt() == failures;
  }

  @Test
  void theRealAppRunAsARegressedReleaseFiresOneSignedWebhookAndItsUsersAreToldItIsFlagged()
      throws Exception {
    long started = System.nanoTime();
    List<List<String>> runs = new ArrayList<>();
    for (int i = 0; i < RUNS; i++) {
      runs.add(List.of("--app-version", HEALTHY));
    }
    for (int i = 0; i < RUNS; i++) {
      runs.add(
          i % 2 == 0
              ? List.of("--app-version", REGRESSED, "--fail")
              : List.of("--app-version", REGRESSED));
    }
    runAll(runs);
    long ranAll = System.nanoTime();

    // each process delivers its events before it exits, and the collector stores them in the
    // background: wait until it holds every run, so the rule is judged on all of them
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> stored(HEALTHY, RUNS, 0) && stored(REGRESSED, RUNS, FAILING));
    JsonNode regressed = health(REGRESSED);
    assertThat(regressed.get("previous").get("version").asText()).isEqualTo(HEALTHY);
    assertThat(regressed.get("error_types").get(0).get("type").asText())
        .isEqualTo("java.lang.IllegalStateException");
    assertThat(regressed.get("flagged").asBoolean()).isFalse();
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
    long ruleId =
        admin(
                "POST",
                "/v1/projects/" + PROJECT + "/alert-rules",
                JSON.writeValueAsString(
                    Map.of(
                        "when",
                        "failure-rate",
                        "min_runs",
                        30,
                        "then",
                        "flag",
                        "notify",
                        List.of(Map.of("type", "webhook", "url", hook, "secret", secret)))),
                201)
            .get("id")
            .asLong();

    // The collector's schedule (alert-interval 1s) evaluates the rule; nothing here asks it to.
    await().atMost(Duration.ofSeconds(30)).until(() -> !hooks.received().isEmpty());
    String reason =
        "1.0.0 fails 50.0% of runs (was 0.0% in 0.9.0): flagged by alert rule " + ruleId;

    // A user of 1.0.0 who said yes to telemetry (no one-time notice, which would hold this run's
    // sending and update check) runs it again, with --interactive so that the client treats the
    // redirected stderr as a person's terminal. While its cache holds no flag for 1.0.0, each run's
    // client asks the collector once, in the background, and prints the line when the answer comes;
    // --work-ms 1000 keeps the app alive for that. What the loop waits for: the first run whose
    // stderr holds "upkeep/tracked-cli: Version 1.0.0 is flagged: <reason>", at most 5 runs (an
    // answer that came after a run ended is asked for again, or printed from the cache, by the
    // next). The flag was set before the webhook was sent, so no evaluation period is waited for.
    Map<String, String> terminal =
        Map.of("UPKEEP_ENDPOINT", server.url(), "CI", "false", "UPKEEP_NO_UPDATE_CHECK", "");
    Path user = Files.createDirectories(home.resolve("terminal-user"));
    TrackedCliProcess on =
        TrackedCliProcess.start(user, terminal, "--app-version", REGRESSED, "--telemetry", "on");
    assertThat(on.waitFor()).as(on.output()).isZero();
    String notice = "";
    int terminalRuns = 0;
    while (terminalRuns < 5 && !notice.contains(PROJECT + ": Version 1.0.0 is flagged")) {
      TrackedCliProcess p =
          TrackedCliProcess.start(
              user, terminal, "--app-version", REGRESSED, "--interactive", "--work-ms", "1000");
      assertThat(p.waitFor()).as(p.output()).isZero();
      notice = p.output();
      terminalRuns++;
    }
    assertThat(notice)
        .as("the update notice of the run that printed it (run " + terminalRuns + ")")
        .contains(PROJECT + ": Version 1.0.0 is flagged: " + reason)
        .contains("Please upgrade to 0.9.0.");

    JsonNode alert = hooks.firstSigned(HOOK_SECRET);
    assertThat(alert.get("state").asText()).isEqualTo("firing");
    assertThat(alert.get("project").asText()).isEqualTo(PROJECT);
    assertThat(alert.get("version").asText()).isEqualTo(REGRESSED);
    assertThat(alert.get("rule").asText()).isEqualTo("failure-rate");
    JsonNode evidence = alert.get("evidence");
    assertThat(evidence.get("runs").asInt()).isEqualTo(RUNS);
    assertThat(evidence.get("failures").asInt()).isEqualTo(FAILING);
    assertThat(evidence.get("failure_rate").asDouble()).isEqualTo(0.5);
    assertThat(evidence.get("previous").get("version").asText()).isEqualTo(HEALTHY);
    assertThat(evidence.get("previous").get("runs").asInt()).isEqualTo(RUNS);
    assertThat(evidence.get("previous").get("failures").asInt()).isZero();
    assertThat(evidence.get("min_runs").asInt()).isEqualTo(30);
    assertThat(evidence.get("z").asDouble()).isEqualTo(3.0);
    assertThat(evidence.get("verdict").asText())
        .as("the rule's own verdict (min_runs 30), not the health answer's default (200 runs)")
        .isEqualTo("regressed");
    assertThat(evidence.get("error_types").get(0).get("type").asText())
        .as("the app's --fail: an IllegalStateException")
        .isEqualTo("java.lang.IllegalStateException");
    assertThat(evidence.get("error_types").get(0).get("failures").asInt()).isEqualTo(FAILING);

    // Exactly one webhook: later evaluations (at least four more periods after it arrived, while
    // the rule still holds) and the delivery's own retries add none.
    long sinceHook = Duration.between(hooks.first(), Instant.now()).toMillis();
    Thread.sleep(Math.max(0, 4 * INTERVAL.toMillis() - sinceHook));
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
    System.out.printf(
        "TrackedCliAlertIT: %d tracked-cli runs, %d at a time, in %.1f s; %d terminal run(s);"
            + " whole test %.1f s%n",
        runs.size(),
        PARALLEL,
        (ranAll - started) / 1e9,
        terminalRuns,
        (System.nanoTime() - started) / 1e9);
  }
}
