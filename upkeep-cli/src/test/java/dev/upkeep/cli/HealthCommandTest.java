package dev.upkeep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upkeep.server.ServerConfig;
import dev.upkeep.server.UpkeepServer;
import dev.upkeep.server.ingest.RunStatus;
import dev.upkeep.server.ingest.UsageEvent;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code upkeep health} against a real collector (in this JVM, on a clock fixed at {@link #NOW},
 * events put in through its store): the table of every version and of one, the JSON passed through,
 * the chart, and its errors. The drawing itself is {@code RatePlotTest}'s.
 */
class HealthCommandTest {
  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  @TempDir Path data;
  UpkeepServer server;
  String url;
  String master;
  long project;

  record Run(int exit, String out, String err) {}

  @BeforeEach
  void start() throws Exception {
    server =
        UpkeepServer.start(
            ServerConfig.builder()
                .host("127.0.0.1")
                .port(0)
                .dataDir(data)
                .rateLimitEnabled(false)
                .build(),
            Clock.fixed(NOW, ZoneOffset.UTC));
    url = "http://127.0.0.1:" + server.port();
    master = server.initialMasterToken().orElseThrow();
    project = server.store().projects().register("acme/tool").orElseThrow().id();
    List<UsageEvent> events = new ArrayList<>();
    // 1.0.0, ten days ago: 400 runs by 40 users, 4 KeyError failures (1 %)
    for (int i = 0; i < 400; i++) {
      events.add(run(10, "1.0.0", "u" + i % 40, i < 4 ? "KeyError" : null));
    }
    // 1.1.0: 200 runs three days ago, 10 failed (5 %, ValueError); 200 yesterday, 30 failed (15 %:
    // 20 ValueError, 10 KeyError); 60 users
    for (int i = 0; i < 200; i++) {
      events.add(run(3, "1.1.0", "w" + i % 60, i < 10 ? "ValueError" : null));
      String type = i < 20 ? "ValueError" : i < 30 ? "KeyError" : null;
      events.add(run(1, "1.1.0", "w" + i % 60, type));
    }
    // 1.2.0, yesterday: 10 runs by 5 users, 1 TimeoutError
    for (int i = 0; i < 10; i++) {
      events.add(run(1, "1.2.0", "z" + i % 5, i < 1 ? "TimeoutError" : null));
    }
    server.store().events().append(events);
  }

  @AfterEach
  void stop() {
    server.close();
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
   * writing in {@code charset} on an 80-column terminal.
   */
  private Run upkeep(Charset charset, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--server", url, "--token", master));
    String[] line = all.toArray(String[]::new);
    CommandLine cmd = Main.commandLine(line);
    if (cmd.getSubcommands().get("health") != null) {
      HealthCommand health = cmd.getSubcommands().get("health").getCommand();
      health.charset = charset;
      health.environment = Map.of("COLUMNS", "80");
    }
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
    return upkeep(StandardCharsets.UTF_8, args);
  }

  @Test
  void aRowPerVersionLowestFirstWithItsVerdictAgainstTheOneBefore() {
    Run r = upkeep("health", "acme/tool");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.out())
        .isEqualTo(
            """
            acme/tool release health, 2026-01-31 .. 2026-03-01
            VERSION  RUNS  FAILED  RATE   95% INTERVAL  VS PREVIOUS         NEW ERRORS    USERS  ADOPTION  FIRST WEEK  FLAGGED
            1.0.0    400   4       1.0%   0.4–2.5%      -                   -             0      0.0%      -
            1.1.0    400   40      10.0%  7.4–13.3%     regressed vs 1.0.0  ValueError    60     92.3%     -
            1.2.0    10    1       10.0%  1.8–40.4%     too few runs        TimeoutError  5      7.7%      -

            Active users 2026-02-22 .. 2026-03-01: 65; on flagged versions: 0 (0.0%)
            """);
  }

  @Test
  void oneVersionWithItsFlagItsComparisonAndItsErrorTypes() {
    assertThat(upkeep("version", "add", "acme/tool", "1.1.0").exit()).isZero();
    Run flag = upkeep("version", "flag", "acme/tool", "1.1.0", "--reason", "fails one run in ten");
    assertThat(flag.exit()).as(flag.err()).isZero();

    Run r = upkeep(StandardCharsets.US_ASCII, "health", "acme/tool", "1.1.0");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out())
        .isEqualTo(
            """
            acme/tool release health, 2026-01-31 .. 2026-03-01
            VERSION  RUNS  FAILED  RATE   95% INTERVAL  VS PREVIOUS         NEW ERRORS  USERS  ADOPTION  FIRST WEEK  FLAGGED
            1.1.0    400   40      10.0%  7.4-13.3%     regressed vs 1.0.0  ValueError  60     92.3%     -           yes

            Active users 2026-02-22 .. 2026-03-01: 65; on flagged versions: 60 (92.3%)
            Flagged: fails one run in ten
            Previous 1.0.0: 4 of 400 runs failed (1.0%, 95% interval 0.4-2.5%)

            ERROR TYPE  FAILURES  NEW
            ValueError  30        yes
            KeyError    10
            """);
  }

  @Test
  void firstWeekIsTheVersionsShareOfTheUsersOfItsSeventhDay() throws Exception {
    // 1.0.0 first ran ten days ago; on its seventh day (four days ago) 3 of its users ran it and 1
    // user ran 0.9.0 (first seen twelve days ago, so 0.9.0's seventh day, six days ago, had no
    // users at all: no figure)
    server
        .store()
        .events()
        .append(
            List.of(
                run(12, "0.9.0", "old", null),
                run(4, "0.9.0", "old", null),
                run(4, "1.0.0", "u0", null),
                run(4, "1.0.0", "u1", null),
                run(4, "1.0.0", "u2", null)));

    Run r = upkeep("health", "acme/tool", "1.0.0");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out().lines().toList().subList(1, 3))
        .containsExactly(
            "VERSION  RUNS  FAILED  RATE  95% INTERVAL  VS PREVIOUS   NEW ERRORS  USERS  ADOPTION"
                + "  FIRST WEEK  FLAGGED",
            // adoption: 3 of the 69 users of the last 7 days; against 0.9.0's 2 runs: too few
            "1.0.0    403   4       1.0%  0.4–2.5%      too few runs  KeyError    3      4.3%    "
                + "  75.0%");
  }

  @Test
  void jsonIsTheCollectorsAnswerUnchanged() throws Exception {
    Run r = upkeep("health", "acme/tool", "--days", "7", "--json");
    assertThat(r.exit()).as(r.err()).isZero();
    HttpResponse<String> direct =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url + "/v1/projects/acme/tool/health?days=7"))
                    .header("Authorization", "Bearer " + master)
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    ObjectMapper json = new ObjectMapper();
    JsonNode printed = json.readTree(r.out());
    assertThat(printed).isEqualTo(json.readTree(direct.body()));
    assertThat(printed.get("versions")).as("1.0.0 had no events in the last 7 days").hasSize(2);
  }

  @Test
  void plotsTheTwoVersionsWithRunsInTheRangeOnOneScale() {
    Run r = upkeep("health", "acme/tool", "--days", "5", "--plot");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out())
        .isEqualTo(
            """
            acme/tool 1.1.0 failure rate per day, 2026-02-25 .. 2026-03-01
            15.0% ┤                  █████
                  │                  █████
                  │                  █████
                  │                  █████
                  │                  █████
                  │      ▅▅▅▅▅       █████
                  │      █████       █████
                  │      █████       █████
               0% └──────────────────────────────
                   2026-02-25          2026-03-01
            40 of 400 runs failed (10.0%), runs on 2 of 5 days
            highest 2026-02-28 with 15.0% (30 of 200)

            acme/tool 1.2.0 failure rate per day, 2026-02-25 .. 2026-03-01
            15.0% ┤
                  │
                  │                  ▃▃▃▃▃
                  │                  █████
                  │                  █████
                  │                  █████
                  │                  █████
                  │                  █████
               0% └──────────────────────────────
                   2026-02-25          2026-03-01
            1 of 10 runs failed (10.0%), runs on 1 of 5 days
            highest 2026-02-28 with 10.0% (1 of 10)
            """);
  }

  @Test
  void withoutAVersionPlotsTheTwoWithTheMostRunsNotTheNewest() {
    Run r = upkeep(StandardCharsets.US_ASCII, "health", "acme/tool", "--plot");
    assertThat(r.exit()).as(r.err()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines.stream().filter(l -> l.contains("failure rate per day")))
        .as("1.2.0, the newest, had 10 runs; 1.0.0 and 1.1.0 400 each")
        .containsExactly(
            "acme/tool 1.0.0 failure rate per day, 2026-01-31 .. 2026-03-01",
            "acme/tool 1.1.0 failure rate per day, 2026-01-31 .. 2026-03-01");
    assertThat(lines.stream().filter(l -> l.startsWith("15.0% +")))
        .as("one scale: 1.1.0's highest day tops both")
        .hasSize(2);
    assertThat(lines).contains("4 of 400 runs failed (1.0%), runs on 1 of 30 days");
  }

  @Test
  void plotsOneVersionsRatePerDay() {
    Run r = upkeep(StandardCharsets.US_ASCII, "health", "acme/tool", "1.1.0", "--plot");
    assertThat(r.exit()).as(r.err()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines.get(0))
        .isEqualTo("acme/tool 1.1.0 failure rate per day, 2026-01-31 .. 2026-03-01");
    assertThat(lines.get(1)).startsWith("15.0% +");
    assertThat(lines).hasSize(13).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(80));
    assertThat(lines.get(11)).isEqualTo("40 of 400 runs failed (10.0%), runs on 2 of 30 days");
    assertThat(lines.get(12)).isEqualTo("highest 2026-02-28 with 15.0% (30 of 200)");
  }

  @Test
  void aVersionWithoutEventsFailsInOneLineNamingIt() {
    Run r = upkeep("health", "acme/tool", "9.9.9");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err())
        .endsWith("Version \"9.9.9\" of acme/tool has no events in the last 30 days.\n")
        .startsWith("upkeep: ")
        .hasLineCount(1);
  }

  @Test
  void newErrorTypesAreShortenedToFitTheirColumn() throws Exception {
    ObjectMapper json = new ObjectMapper();
    JsonNode five =
        json.readTree(
            "[{\"type\":\"ValueError\"},{\"type\":\"KeyError\"},{\"type\":\"OSError\"},"
                + "{\"type\":\"TimeoutError\"},{\"type\":\"MemoryError\"}]");
    assertThat(HealthCommand.errors(five, dev.upkeep.cli.plot.Glyphs.UNICODE))
        .isEqualTo("ValueError, KeyError, OSError +2")
        .hasSizeLessThanOrEqualTo(HealthCommand.MAX_ERRORS);
    JsonNode longOne =
        json.readTree(
            "[{\"type\":\"org.example.pipeline.ConfigurationMissingError\"},"
                + "{\"type\":\"KeyError\"}]");
    assertThat(HealthCommand.errors(longOne, dev.upkeep.cli.plot.Glyphs.ASCII))
        .isEqualTo("org.example.pipeline.Configu~ +1")
        .hasSize(HealthCommand.MAX_ERRORS);
    assertThat(HealthCommand.errors(json.readTree("[]"), dev.upkeep.cli.plot.Glyphs.ASCII))
        .isEmpty();
  }

  @Test
  void usageErrorsExitTwoInOneLine() {
    Run bogus = upkeep("health", "acme/tool", "--bogus");
    assertThat(bogus.exit()).isEqualTo(2);
    assertThat(bogus.err())
        .startsWith("upkeep: Unknown option: '--bogus'")
        .endsWith("(see 'upkeep help health')\n")
        .hasLineCount(1);

    Run both = upkeep("health", "acme/tool", "--plot", "--json");
    assertThat(both.exit()).isEqualTo(2);
    assertThat(both.out()).isEmpty();
    assertThat(both.err())
        .isEqualTo("upkeep: --plot draws a chart; leave out --json (see 'upkeep help health')\n");

    Run help = upkeep("health", "-h");
    assertThat(help.exit()).isZero();
    assertThat(help.out()).contains("Usage: upkeep health").contains("--plot").contains("--days");
  }
}
