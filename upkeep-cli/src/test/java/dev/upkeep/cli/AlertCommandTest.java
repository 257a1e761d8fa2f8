package dev.upkeep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.upkeep.server.ServerConfig;
import dev.upkeep.server.UpkeepServer;
import dev.upkeep.server.alerts.AlertSettings;
import dev.upkeep.server.alerts.delivery.WebhookSignature;
import dev.upkeep.server.ingest.RunStatus;
import dev.upkeep.server.ingest.UsageEvent;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code upkeep alert} against a real collector in this JVM (clock fixed at {@link #NOW}; 0.9.0
 * failing 1 % of 1000 runs ten days ago, 1.0.0 failing 10 % of 1000 runs two days ago) and a real
 * webhook receiver (a JDK HttpServer answering {@link #status}): the issue's example rules added
 * and read back, one removed, alerts fired by the collector's evaluator listed, shown with their
 * delivery log and acknowledged, a rule's destinations tested, a secret sealed from standard input,
 * and the errors.
 */
class AlertCommandTest {
  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  static final String HOOK_SECRET = "whsec-alert-cli-0123456789";
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path data;
  UpkeepServer server;
  String url;
  String master;
  long project;
  HttpServer hooks;
  String hook;
  final AtomicInteger status = new AtomicInteger(204);
  final List<Map.Entry<String, byte[]>> received = Collections.synchronizedList(new ArrayList<>());

  record Run(int exit, String out, String err) {}

  @BeforeEach
  void start() throws Exception {
    hooks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    hooks.createContext(
        "/hook",
        x -> {
          byte[] body = x.getRequestBody().readAllBytes();
          received.add(
              Map.entry(
                  String.valueOf(x.getRequestHeaders().getFirst(WebhookSignature.HEADER)), body));
          int s = status.get();
          byte[] answer = s == 400 ? "no thanks".getBytes(StandardCharsets.UTF_8) : new byte[0];
          x.sendResponseHeaders(s, answer.length == 0 ? -1 : answer.length);
          if (answer.length > 0) {
            x.getResponseBody().write(answer);
          }
          x.close();
        });
    hooks.start();
    hook = "http://127.0.0.1:" + hooks.getAddress().getPort() + "/hook";
    server =
        UpkeepServer.start(
            ServerConfig.builder()
                .host("127.0.0.1")
                .port(0)
                .dataDir(data)
                .rateLimitEnabled(false)
                // only the test's evaluateAll() evaluates the rules
                .alerts(AlertSettings.defaults().with("alert-interval", "1d"))
                .build(),
            Clock.fixed(NOW, ZoneOffset.UTC));
    url = "http://127.0.0.1:" + server.port();
    master = server.initialMasterToken().orElseThrow();
    project = server.store().projects().register("acme/tool").orElseThrow().id();
    List<UsageEvent> events = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      events.add(run(10, "0.9.0", "u" + i % 40, i < 10 ? "KeyError" : null));
      events.add(run(2, "1.0.0", "w" + i % 60, i < 100 ? "ValueError" : null));
    }
    server.store().events().append(events);
  }

  @AfterEach
  void stop() {
    server.close();
    hooks.stop(0);
  }

  private UsageEvent run(int daysAgo, String version, String user, String errorType) {
    return UsageEvent.builder(project, UsageEvent.BREADCRUMB, NOW.minus(Duration.ofDays(daysAgo)))
        .version(version)
        .userId(user)
        .platform("linux")
        .status(errorType != null ? RunStatus.F : RunStatus.C)
        .errorType(errorType)
        .build();
  }

  /**
   * {@code upkeep ARGS --server URL --token MASTER} as {@link Main#run} wires it (one-line errors),
   * with {@code stdin} as standard input and no terminal.
   */
  private Run upkeep(InputStream stdin, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--server", url, "--token", master));
    String[] line = all.toArray(String[]::new);
    CommandLine cmd = Main.commandLine(line);
    AlertSecretCommand secret =
        cmd.getSubcommands().get("alert").getSubcommands().get("secret").getCommand();
    secret.console = null;
    secret.in = stdin;
    OneLineErrors errors = new OneLineErrors(Map.of());
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        cmd.setOut(new PrintWriter(out, true))
            .setErr(new PrintWriter(err, true))
            .setParameterExceptionHandler(errors)
            .setExecutionExceptionHandler(errors)
            .execute(line);
    return new Run(exit, out.toString(), err.toString());
  }

  private Run upkeep(String... args) {
    return upkeep(InputStream.nullInputStream(), args);
  }

  private Run ok(String... args) {
    Run r = upkeep(args);
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.err()).isEmpty();
    return r;
  }

  private JsonNode api(String path) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url + path))
                    .header("Authorization", "Bearer " + master)
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  /** The sealed reference of {@link #HOOK_SECRET}, from {@code upkeep alert secret}. */
  private String sealed() {
    Run r =
        upkeep(
            new ByteArrayInputStream((HOOK_SECRET + "\n").getBytes(StandardCharsets.UTF_8)),
            "alert",
            "secret");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("enc:v1:").doesNotContain(HOOK_SECRET).hasLineCount(1);
    return r.out().strip();
  }

  /** The issue's examples, the first with a webhook: rules 1 to 5. */
  private void addTheIssuesRules(String secret) {
    assertThat(
            ok(
                    "alert",
                    "add",
                    "acme/tool",
                    "--when",
                    "failure-rate",
                    "--above-baseline",
                    "2x",
                    "--min-runs",
                    "200",
                    "--then",
                    "flag",
                    "--reason-template",
                    "{version} fails {rate} of runs (was {previous_rate} in {previous})",
                    "--notify",
                    "webhook=" + hook + ",secret=" + secret)
                .out())
        .isEqualTo(
            "added alert rule 1 to acme/tool: failure-rate, 2× baseline, 200 runs, then flag,"
                + " notify webhook\n");
    assertThat(ok("alert", "add", "acme/tool", "--when", "new-error-type").out())
        .isEqualTo("added alert rule 2 to acme/tool: new-error-type, 1 run, no destination\n");
    assertThat(ok("alert", "add", "acme/tool", "--when", "flagged-users", "--above", "10%").out())
        .isEqualTo("added alert rule 3 to acme/tool: flagged-users, above 10%, no destination\n");
    assertThat(
            ok("alert", "add", "acme/tool", "--when", "adoption", "--below", "5%", "--after", "14d")
                .out())
        .isEqualTo(
            "added alert rule 4 to acme/tool: adoption, below 5% after 14d, no destination\n");
    assertThat(ok("alert", "add", "acme/tool", "--when", "silence", "--for", "24h").out())
        .isEqualTo("added alert rule 5 to acme/tool: silence, no events for 1d, no destination\n");
  }

  @Test
  void theIssuesRulesAreAddedReadBackAndRemoved() throws Exception {
    addTheIssuesRules(sealed());

    assertThat(ok("alert", "rules", "acme/tool").out())
        .isEqualTo(
            """
            ID  WHEN            THRESHOLD              THEN  NOTIFY
            1   failure-rate    2× baseline, 200 runs  flag  webhook
            2   new-error-type  1 run                  -     -
            3   flagged-users   above 10%              -     -
            4   adoption        below 5% after 14d     -     -
            5   silence         no events for 1d       -     -
            """);
    JsonNode printed = JSON.readTree(ok("alert", "rules", "acme/tool", "--json").out());
    assertThat(printed).isEqualTo(api("/v1/projects/acme/tool/alert-rules"));
    JsonNode first = printed.get("rules").get(0);
    assertThat(first.get("above_baseline").asDouble()).isEqualTo(2.0);
    assertThat(first.get("reason_template").asText())
        .isEqualTo("{version} fails {rate} of runs (was {previous_rate} in {previous})");
    assertThat(printed.get("rules").get(2).get("above").asDouble()).isEqualTo(0.1);
    assertThat(printed.get("rules").get(3).get("below").asDouble()).isEqualTo(0.05);

    assertThat(ok("alert", "rm", "acme/tool", "5").out())
        .isEqualTo("removed alert rule 5 of acme/tool\n");
    assertThat(ok("alert", "rules", "acme/tool").out()).doesNotContain("silence").hasLineCount(5);
    Run again = upkeep("alert", "rm", "acme/tool", "5");
    assertThat(again.exit()).isEqualTo(1);
    assertThat(again.err())
        .isEqualTo(
            "upkeep: DELETE /v1/projects/acme/tool/alert-rules/5 failed with HTTP 404: Project"
                + " acme/tool has no alert rule 5.\n");
  }

  @Test
  void alertsAreListedShownWithTheirDeliveryLogAndAcknowledged() throws Exception {
    addTheIssuesRules(sealed());
    ok("alert", "rm", "acme/tool", "5");
    assertThat(ok("alert", "list", "acme/tool").out()).isEqualTo("acme/tool has no alerts\n");

    server.alerting().evaluator().evaluateAll();
    server.alerting().evaluator().evaluateAll();

    assertThat(ok("alert", "list", "acme/tool").out())
        .isEqualTo(
            """
            ID  STATE   RULE               VERSION  FIRED                 SUMMARY
            3   firing  flagged-users #3   -        2026-03-01T12:00:00Z  acme/tool: 100.0% of the\
             active users (60 of 60) run flagged versions, above 10.0%
            2   firing  new-error-type #2  1.0.0    2026-03-01T12:00:00Z  acme/tool 1.0.0: new error\
             types ValueError (100)
            1   firing  failure-rate #1    1.0.0    2026-03-01T12:00:00Z  acme/tool 1.0.0: failure\
             rate 10.0% (8.3–12.0%) over 1000 runs, above 2× 0.9.0's 1.0% (0.5–1.8%)
            """);
    JsonNode listed = JSON.readTree(ok("alert", "list", "acme/tool", "--json").out());
    assertThat(listed).isEqualTo(api("/v1/projects/acme/tool/alerts"));

    Awaitility.await()
        .atMost(30, TimeUnit.SECONDS)
        .until(() -> !ok("alert", "show", "acme/tool", "1").out().contains("No delivery"));
    List<String> show = ok("alert", "show", "acme/tool", "1").out().lines().toList();
    assertThat(show.subList(0, 10))
        .containsExactly(
            "alert 1 of acme/tool: firing",
            "rule:     failure-rate #1",
            "version:  1.0.0",
            "fired:    2026-03-01T12:00:00Z",
            "acked:    -",
            "resolved: -",
            "summary:  acme/tool 1.0.0: failure rate 10.0% (8.3–12.0%) over 1000 runs, above 2×"
                + " 0.9.0's 1.0% (0.5–1.8%)",
            "flagged:  1.0.0 fails 10.0% of runs (was 1.0% in 0.9.0)",
            "evidence:",
            "  {");
    assertThat(show).contains("    \"runs\" : 1000,", "    \"verdict\" : \"regressed\",", "  }");
    assertThat(show.get(show.size() - 2))
        .isEqualTo(
            "AT                    DESTINATION"
                + " ".repeat(hook.length() - 1)
                + "ATTEMPT  OUTCOME    HTTP  DELIVERY                                ERROR");
    assertThat(show.get(show.size() - 1))
        .matches(
            "2026-03-01T12:00:00Z  webhook "
                + java.util.regex.Pattern.quote(hook)
                + "  1        delivered  204   d-[0-9a-f-]{36}  -");
    assertThat(JSON.readTree(ok("alert", "show", "acme/tool", "1", "--json").out()))
        .isEqualTo(api("/v1/projects/acme/tool/alerts/1"));
    assertThat(received).hasSize(1);
    assertThat(
            WebhookSignature.verify(
                HOOK_SECRET,
                received.get(0).getKey(),
                received.get(0).getValue(),
                NOW,
                Duration.ofMinutes(5)))
        .as("signed with the secret upkeep alert secret sealed")
        .isTrue();

    assertThat(ok("alert", "ack", "acme/tool", "1").out())
        .isEqualTo(
            "acknowledged alert 1 of acme/tool (failure-rate #1 1.0.0): it stays open and does not"
                + " fire again until its rule stops holding\n");
    assertThat(ok("alert", "list", "acme/tool", "--state", "acknowledged").out())
        .startsWith("ID  STATE         RULE             VERSION")
        .contains("\n1   acknowledged  failure-rate #1  1.0.0 ")
        .hasLineCount(2);
    assertThat(ok("alert", "list", "acme/tool", "--state", "firing").out())
        .doesNotContain("failure-rate")
        .hasLineCount(3);
    assertThat(ok("alert", "list", "acme/tool", "--state", "resolved").out())
        .isEqualTo("acme/tool has no resolved alerts\n");
    Run state = upkeep("alert", "list", "acme/tool", "--state", "closed");
    assertThat(state.exit()).isEqualTo(2);
    assertThat(state.err()).contains("--state").contains("closed").hasLineCount(1);
    Run unknown = upkeep("alert", "show", "acme/tool", "999");
    assertThat(unknown.exit()).isEqualTo(1);
    assertThat(unknown.err())
        .isEqualTo(
            "upkeep: GET /v1/projects/acme/tool/alerts/999 failed with HTTP 404: Project acme/tool"
                + " has no alert 999.\n");
  }

  @Test
  void aTestAlertIsDeliveredOrTheExitCodeSaysItWasNot() throws Exception {
    String secret = sealed();
    ok(
        "alert",
        "add",
        "acme/tool",
        "--when",
        "silence",
        "--notify",
        "webhook=" + hook + ",secret=" + secret);

    Run delivered = upkeep("alert", "test", "acme/tool", "1");
    assertThat(delivered.exit()).as(delivered.err()).isZero();
    assertThat(delivered.out()).isEqualTo("delivered webhook " + hook + " (1 attempt, HTTP 204)\n");
    assertThat(JSON.readTree(received.get(0).getValue()).get("summary").asText())
        .isEqualTo("test: alert rule 1 (silence) of acme/tool");

    status.set(400);
    Run refused = upkeep("alert", "test", "acme/tool", "1");
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.out())
        .isEqualTo(
            "failed    webhook "
                + hook
                + " (1 attempt, HTTP 400): HTTP 400 from webhook "
                + hook
                + ": no thanks\n");
    assertThat(refused.err())
        .isEqualTo("upkeep: 1 of 1 destinations of alert rule 1 did not take the test alert\n");

    ok("alert", "add", "acme/tool", "--when", "new-error-type");
    Run none = upkeep("alert", "test", "acme/tool", "2");
    assertThat(none.exit()).isEqualTo(1);
    assertThat(none.err()).contains("has no destination to test").hasLineCount(1);
  }

  @Test
  void aSecretIsReadFromStandardInputAndNeverFromAnArgument() {
    String first = sealed();
    assertThat(sealed()).as("sealed anew each time").isNotEqualTo(first);

    Run empty = upkeep(InputStream.nullInputStream(), "alert", "secret");
    assertThat(empty.exit()).isEqualTo(2);
    assertThat(empty.err()).startsWith("upkeep: no value to seal").hasLineCount(1);

    Run argument = upkeep("alert", "secret", HOOK_SECRET);
    assertThat(argument.exit()).isEqualTo(2);
    assertThat(argument.err()).doesNotContain(HOOK_SECRET).hasLineCount(1);
  }

  @Test
  void badInputsExitTwoNamingTheBadPart() {
    Run factor =
        upkeep("alert", "add", "acme/tool", "--when", "failure-rate", "--above-baseline", "x2");
    assertThat(factor.exit()).isEqualTo(2);
    assertThat(factor.err())
        .isEqualTo(
            "upkeep: Invalid value for option '--above-baseline': \"x2\" is not a factor"
                + " such as 2x or 1.5 (times the baseline) (see 'upkeep alert add --help')\n");

    Run bogus = upkeep("alert", "add", "acme/tool", "--when", "silence", "--notify", "bogus=1");
    assertThat(bogus.exit()).isEqualTo(2);
    assertThat(bogus.err()).contains("unknown destination \"bogus\"").hasLineCount(1);

    Run when = upkeep("alert", "add", "acme/tool", "--when", "sometimes");
    assertThat(when.exit()).isEqualTo(2);
    assertThat(when.err())
        .contains(
            "\"sometimes\" is not a kind of rule: use failure-rate, new-error-type, flagged-users,"
                + " adoption, silence")
        .hasLineCount(1);

    for (Run r : List.of(factor, bogus, when)) {
      assertThat(r.out()).isEmpty();
    }
    assertThat(ok("alert", "rules", "acme/tool").out())
        .isEqualTo("acme/tool has no alert rules (upkeep alert add adds one)\n");
  }

  @Test
  void eachKindTakesOnlyItsOwnOptionsAndSecretsOnlyAsReferences() {
    assertThat(usageError("--when", "failure-rate", "--above", "10%"))
        .isEqualTo(
            "--above is not read by --when failure-rate (it reads --above-baseline, --min-runs,"
                + " --then, --reason-template and --notify)");
    assertThat(usageError("--when", "flagged-users"))
        .isEqualTo("--when flagged-users needs --above SHARE, e.g. --above 10%");
    assertThat(usageError("--when", "flagged-users", "--above", "10"))
        .isEqualTo(
            "Invalid value for option '--above': \"10\" is not a share from 0% to 100% (a number"
                + " without % is a fraction: 0.1 is 10%)");
    assertThat(usageError("--when", "silence", "--reason-template", "x"))
        .startsWith("--reason-template is not read by --when silence");
    assertThat(usageError("--when", "new-error-type", "--reason-template", "x"))
        .isEqualTo("--reason-template is the reason of the flag --then flag sets: add --then flag");
    assertThat(usageError("--when", "adoption", "--below", "5%", "--after", "two weeks"))
        .isEqualTo(
            "Invalid value for option '--after': \"two weeks\" is not a duration such as 24h, 14d"
                + " or 90m");
    String slackUrl = "https://hooks.slack.com/services/T000/B000/XXXXSECRET";
    assertThat(usageError("--when", "silence", "--notify", "slack=" + slackUrl))
        .startsWith(
            "Invalid value for option '--notify' (DEST): slack: the webhook URL must be a"
                + " reference, env:NAME or enc:v1:…")
        .doesNotContain("XXXXSECRET");
    assertThat(usageError("--when", "silence", "--notify", "webhook=" + hook + ",hunter2"))
        .isEqualTo(
            "Invalid value for option '--notify' (DEST): webhook: part 2 is not KEY=VALUE (it takes"
                + " secret=; a comma in a URL is written %2C)");
    assertThat(usageError("--when", "silence", "--notify", "webhook=" + hook + ",secret=hunter2"))
        .contains("webhook: secret= must be a reference")
        .doesNotContain("hunter2");
    assertThat(usageError("--when", "silence", "--notify", "webhook=" + hook))
        .contains("webhook: secret= is missing");
    assertThat(usageError("--when", "silence", "--notify", "webhook=ftp://h/x,secret=env:S"))
        .contains("webhook: the URL must be http:// or https:// with a host, was \"ftp:…\"");
    assertThat(
            usageError(
                "--when",
                "silence",
                "--notify",
                "matrix=https://matrix.example.org,room=#ops:example.org,secret=env:MATRIX_TOKEN"))
        .contains(
            "matrix: room \"#ops:example.org\" is not a room id: give room=!ID:SERVER (the room's"
                + " id, not its #alias)");
    assertThat(usageError("--when", "silence", "--notify", "email=oncall@example.org,nobody"))
        .contains("email: \"nobody\" is not an address such as oncall@example.org");

    Run email =
        upkeep(
            "alert", "add", "acme/tool", "--when", "silence", "--notify", "email=a@b.org,c@d.org");
    assertThat(email.exit()).as("the collector refuses: it has no SMTP server").isEqualTo(1);
    assertThat(email.err())
        .isEqualTo(
            "upkeep: POST /v1/projects/acme/tool/alert-rules failed with HTTP 400: email needs the"
                + " collector's SMTP server: set smtp-host (see docs/alerts.md)\n");

    Run all =
        ok(
            "alert",
            "add",
            "acme/tool",
            "--when",
            "silence",
            "--notify",
            "slack=env:SLACK_URL",
            "--notify",
            "matrix=https://matrix.example.org,room=!ops:example.org,secret=env:MATRIX_TOKEN",
            "--notify",
            "webhook=" + hook + ",secret=env:HOOK_SECRET");
    assertThat(all.out())
        .isEqualTo(
            "added alert rule 1 to acme/tool: silence, no events for 1d, notify slack, matrix,"
                + " webhook\n");
  }

  /**
   * The one line of a usage error of {@code upkeep alert add acme/tool ARGS}, without its frame.
   */
  private String usageError(String... args) {
    List<String> line = new ArrayList<>(List.of("alert", "add", "acme/tool"));
    line.addAll(List.of(args));
    Run r = upkeep(line.toArray(String[]::new));
    assertThat(r.exit()).as(r.err()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).startsWith("upkeep: ").endsWith(" (see 'upkeep alert add --help')\n");
    assertThat(r.err()).hasLineCount(1);
    return r.err()
        .substring(
            "upkeep: ".length(), r.err().length() - " (see 'upkeep alert add --help')\n".length());
  }

  @Test
  void everyCommandTakesHelp() {
    for (String command : List.of("add", "rules", "rm", "list", "show", "ack", "test", "secret")) {
      Run r = ok("alert", command, "-h");
      assertThat(r.out()).startsWith("Usage: upkeep alert " + command);
    }
    assertThat(ok("alert", "-h").out())
        .startsWith("Usage: upkeep alert")
        .contains("add", "rules", "rm", "list", "show", "ack", "test", "secret");
  }
}
