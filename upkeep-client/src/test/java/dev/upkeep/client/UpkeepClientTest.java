package dev.upkeep.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.upkeep.client.internal.LocalHttpServer;
import dev.upkeep.client.internal.LocalHttpServer.Reply;
import dev.upkeep.client.internal.Poll;
import dev.upkeep.protocol.EventBatch;
import dev.upkeep.protocol.Json;
import dev.upkeep.protocol.WireEvent;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client end to end against a real local HTTP server standing in for Upkeep's {@code
 * /v1/events} (or migas' {@code /api/breadcrumb}), with temporary config and spool directories.
 */
class UpkeepClientTest {
  private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");
  private static final String UUID_PATTERN =
      "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
  private static final Duration WAIT = Duration.ofSeconds(2);

  @TempDir Path tmp;

  private LocalHttpServer server;
  private Path configDir;
  private Path spoolDir;
  private final List<Path> scratch = new ArrayList<>();

  @BeforeEach
  void start() throws IOException {
    server = LocalHttpServer.start(UpkeepClientTest::upkeepServer);
    configDir = tmp.resolve("config");
    spoolDir = tmp.resolve("spool");
  }

  @AfterEach
  void stop() {
    server.close();
    for (Path dir : scratch) {
      deleteQuietly(dir);
    }
  }

  /** Answers like Upkeep: 200 with counts on {@code POST /v1/events}, 404 elsewhere. */
  private static Reply upkeepServer(LocalHttpServer.Request r) {
    if (r.method.equals("POST") && r.path().equals("/v1/events")) {
      int n = EventBatch.decode(r.body).size();
      return Reply.of(
          200, "{\"received\":" + n + ",\"stored\":" + n + ",\"duplicates\":0,\"rejected\":[]}");
    }
    return Reply.of(404, "{\"detail\":\"Not Found\"}");
  }

  private UpkeepClient.Builder builder() {
    return builder(Map.of());
  }

  private UpkeepClient.Builder builder(Map<String, String> env) {
    return UpkeepClient.builder()
        .endpoint(server.url())
        .app("mytool", "2.3.0")
        .configDir(configDir)
        .spoolDir(spoolDir)
        .environment(env)
        .shutdownHook(false)
        .deliverSpoolAtStart(false)
        .sessionId("session-1")
        .clock(Clock.fixed(NOW, ZoneOffset.UTC))
        .linger(Duration.ofMillis(50))
        .connectTimeout(Duration.ofSeconds(1))
        .readTimeout(Duration.ofSeconds(1));
  }

  /** Events the server received on {@code /v1/events}, in order. */
  private List<WireEvent> received() {
    List<WireEvent> events = new ArrayList<>();
    for (LocalHttpServer.Request r : server.requests()) {
      if (r.path().equals("/v1/events")) {
        events.addAll(EventBatch.decode(r.body));
      }
    }
    return events;
  }

  private static List<String> ids(List<WireEvent> events) {
    return events.stream().map(WireEvent::id).collect(Collectors.toList());
  }

  private static List<Path> files(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().collect(Collectors.toList());
    }
  }

  private static List<WireEvent> spooledEvents(Path dir) throws IOException {
    List<WireEvent> events = new ArrayList<>();
    for (Path p : files(dir)) {
      events.addAll(EventBatch.decode(Files.readString(p)));
    }
    return events;
  }

  /** A spool directory outside {@link TempDir}, for clients whose sender may still write late. */
  private Path scratchSpool() throws IOException {
    Path dir = Files.createTempDirectory("upkeep-spool-test");
    scratch.add(dir);
    return dir;
  }

  /** Waits until the client's counters stop changing for 100 ms: its sender has gone quiet. */
  private static void settle(UpkeepClient client) {
    String[] last = {client.stats().toString()};
    long[] since = {System.nanoTime()};
    Poll.until(
        WAIT,
        () -> {
          String now = client.stats().toString();
          if (!now.equals(last[0])) {
            last[0] = now;
            since[0] = System.nanoTime();
            return false;
          }
          return System.nanoTime() - since[0] > Duration.ofMillis(100).toNanos();
        },
        "the sender to go quiet");
  }

  private static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
        Files.deleteIfExists(p);
      }
    } catch (IOException | RuntimeException e) {
      // best effort: a late sender may still be renaming a file
    }
  }

  // --- breadcrumbs and tracked runs ---

  @Test
  void breadcrumbIsDeliveredWithAttributesIdentityAndEnvironment() throws IOException {
    UpkeepClient client = builder().build();
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("command", "convert");
    attributes.put("files", "3");

    client.addBreadcrumb("owner/app", "1.0.0", attributes);

    assertThat(client.flush(WAIT)).isTrue();
    List<WireEvent> got = received();
    assertThat(got).hasSize(1);
    WireEvent e = got.get(0);
    assertThat(e.project()).isEqualTo("owner/app");
    assertThat(e.version()).isEqualTo("1.0.0");
    assertThat(e.status()).isEqualTo("R");
    assertThat(e.statusDesc()).isNull();
    assertThat(e.errorType()).isNull();
    assertThat(e.timestamp()).isEqualTo(NOW);
    assertThat(e.attributes())
        .containsExactly(
            new SimpleImmutableEntry<>("command", "convert"),
            new SimpleImmutableEntry<>("files", "3"));
    assertThat(e.language()).isEqualTo("java");
    assertThat(e.languageVersion()).isEqualTo(System.getProperty("java.version"));
    assertThat(e.sessionId()).isEqualTo("session-1");
    assertThat(e.id()).isNotBlank();
    assertThat(e.userId()).matches(UUID_PATTERN);
    assertThat(Files.readString(configDir.resolve("user_id")).trim()).isEqualTo(e.userId());
    LocalHttpServer.Request request = server.requests().get(0);
    assertThat(request.header("User-Agent")).isEqualTo("upkeep-client/0.1.0 mytool/2.3.0");
    assertThat(request.header("Content-Type")).isEqualTo("application/json");
    DeliveryStats stats = client.stats();
    assertThat(stats.queued()).isEqualTo(1);
    assertThat(stats.sent()).isEqualTo(1);
    assertThat(stats.spooled()).isZero();
    assertThat(files(spoolDir)).isEmpty();
  }

  @Test
  void userIdPolicyNoneSendsAndStoresNoId() {
    UpkeepClient client = builder().userIdPolicy(UserIdPolicy.NONE).build();

    client.addBreadcrumb("owner/app", "1.0.0");

    assertThat(client.flush(WAIT)).isTrue();
    assertThat(received()).singleElement().extracting(WireEvent::userId).isNull();
    assertThat(configDir.resolve("user_id")).doesNotExist();
  }

  @Test
  void trackedRunSendsStartedThenCompletedOnce() {
    UpkeepClient client = builder().build();

    Tracker run = client.track("owner/app", "1.0.0");
    Tracker again = client.track("owner/app", "1.0.0");

    assertThat(again).isSameAs(run);
    assertThat(run.isClosed()).isFalse();
    assertThat(run.project()).isEqualTo("owner/app");
    assertThat(run.version()).isEqualTo("1.0.0");
    run.close();
    run.close();
    again.close();
    assertThat(run.isClosed()).isTrue();
    assertThat(client.flush(WAIT)).isTrue();
    List<WireEvent> got = received();
    assertThat(got).extracting(WireEvent::status).containsExactly("R", "C");
    assertThat(got).extracting(WireEvent::statusDesc).containsExactly("Started", "Completed");
    assertThat(got).extracting(WireEvent::errorType).containsOnlyNulls();
    assertThat(ids(got)).doesNotHaveDuplicates();
    assertThat(client.stats().queued()).isEqualTo(2);

    Tracker next = client.track("owner/app", "1.0.0");

    assertThat(next).isNotSameAs(run);
    assertThat(client.flush(WAIT)).isTrue();
    assertThat(received()).extracting(WireEvent::statusDesc).endsWith("Started").hasSize(3);
  }

  @Test
  void failedRunReportsTheExceptionTypeAndMessage() {
    UpkeepClient client = builder().build();

    try (Tracker run = client.track("owner/app", "1.0.0")) {
      run.fail(new IllegalStateException("disk full"));
    }

    assertThat(client.flush(WAIT)).isTrue();
    WireEvent last = received().get(1);
    assertThat(last.status()).isEqualTo("F");
    assertThat(last.statusDesc()).isEqualTo("Errored");
    assertThat(last.errorType()).isEqualTo("java.lang.IllegalStateException");
    assertThat(last.errorDesc()).isEqualTo("disk full");
  }

  @Test
  void runFailsWithWhatTheWorkThrowsRethrowsAndCloses() {
    UpkeepClient client = builder().build();
    Tracker run = client.track("owner/app", "1.0.0");

    assertThatThrownBy(
            () ->
                run.run(
                    () -> {
                      throw new IOException("no space left");
                    }))
        .isInstanceOf(IOException.class)
        .hasMessage("no space left");

    assertThat(run.isClosed()).isTrue();
    assertThat(client.flush(WAIT)).isTrue();
    WireEvent last = received().get(1);
    assertThat(last.status()).isEqualTo("F");
    assertThat(last.errorType()).isEqualTo("java.io.IOException");
    assertThat(last.errorDesc()).isEqualTo("no space left");
  }

  @Test
  void explicitOutcomeIsSent() {
    UpkeepClient client = builder().build();

    try (Tracker run = client.track("owner/app", "1.0.0")) {
      run.outcome(RunOutcome.suspended("Paused by the user"));
    }

    assertThat(client.flush(WAIT)).isTrue();
    WireEvent last = received().get(1);
    assertThat(last.status()).isEqualTo("S");
    assertThat(last.statusDesc()).isEqualTo("Paused by the user");
  }

  @Test
  void errorHandlersMapByTypeAndSubtypeFirstMatchWins() {
    UpkeepClient client =
        builder()
            .errorHandler(InterruptedException.class, e -> RunOutcome.suspended("Interrupted"))
            .errorHandler(
                IOException.class,
                e -> RunOutcome.of("S", "I/O trouble", e.getClass().getSimpleName(), null))
            .errorHandler(
                FileNotFoundException.class, e -> RunOutcome.of("C", "never used", null, null))
            .errorHandler(
                IllegalStateException.class,
                e -> {
                  throw new UnsupportedOperationException("handler broke");
                })
            .errorHandler(IllegalArgumentException.class, e -> null)
            .build();
    Map<String, Throwable> failures = new LinkedHashMap<>();
    failures.put("1", new InterruptedException("stop"));
    failures.put("2", new FileNotFoundException("settings.toml"));
    failures.put("3", new IllegalStateException("bad state"));
    failures.put("4", new IllegalArgumentException("bad arg"));
    failures.put("5", new ArithmeticException("/ by zero"));

    failures.forEach(
        (version, error) -> {
          try (Tracker run = client.track("owner/app", version)) {
            run.fail(error);
          }
        });

    assertThat(client.flush(WAIT)).isTrue();
    Map<String, String> finals = new HashMap<>();
    for (WireEvent e : received()) {
      if (!e.status().equals("R")) {
        finals.put(
            e.version(),
            e.status() + "|" + e.statusDesc() + "|" + e.errorType() + "|" + e.errorDesc());
      }
    }
    assertThat(finals)
        .containsOnly(
            Map.entry("1", "S|Interrupted|null|null"),
            Map.entry("2", "S|I/O trouble|FileNotFoundException|null"),
            Map.entry("3", "F|Errored|java.lang.IllegalStateException|bad state"),
            Map.entry("4", "F|Errored|java.lang.IllegalArgumentException|bad arg"),
            Map.entry("5", "F|Errored|java.lang.ArithmeticException|/ by zero"));
  }

  @Test
  void batchesNeverExceedTheBatchSizeAndKeepOrder() {
    UpkeepClient client = builder().batchSize(2).build();

    for (int i = 0; i < 5; i++) {
      client.addBreadcrumb("owner/app", "1.0.0", Map.of("n", String.valueOf(i)));
    }

    assertThat(client.flush(WAIT)).isTrue();
    for (LocalHttpServer.Request r : server.requests()) {
      assertThat(EventBatch.decode(r.body)).hasSizeBetween(1, 2);
    }
    assertThat(received())
        .extracting(e -> e.attributes().get(0).getValue())
        .containsExactly("0", "1", "2", "3", "4");
  }

  @Test
  void refusedBatchIsDroppedAndCountedNotSpooled() throws IOException {
    server.respond(
        r -> Reply.of(400, "{\"detail\":\"Project \\\"owner/app\\\" is not registered.\"}"));
    UpkeepClient client = builder().build();

    client.addBreadcrumb("owner/app", "1.0.0");

    assertThat(client.flush(WAIT)).isTrue();
    assertThat(client.stats().rejected()).isEqualTo(1);
    assertThat(client.stats().sent()).isZero();
    assertThat(client.stats().spooled()).isZero();
    assertThat(files(spoolDir)).isEmpty();
  }

  // --- back-pressure, failures and the spool ---

  @Test
  void fullQueueDropsAndCountsWithoutBlockingTheCaller() throws IOException {
    server.respond(r -> Reply.HOLD);
    UpkeepClient client =
        builder().spoolDir(scratchSpool()).queueCapacity(2).readTimeout(WAIT).build();
    client.addBreadcrumb("owner/app", "1.0.0");
    server.awaitRequests(1, WAIT);

    long start = System.nanoTime();
    for (int i = 0; i < 5; i++) {
      client.addBreadcrumb("owner/app", "1.0.0");
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(took).isLessThan(Duration.ofMillis(100));
    assertThat(client.stats().queued()).isEqualTo(3);
    assertThat(client.stats().droppedQueueFull()).isEqualTo(3);
    assertThat(client.status()).contains("queue: 2 of 2 events waiting");
    server.close();
    settle(client);
  }

  @Test
  void unavailableServerSpoolsTheBatchAndTheNextClientDeliversIt() throws IOException {
    server.respond(r -> Reply.of(503, "").header("Retry-After", "60"));
    UpkeepClient first = builder().build();

    first.addBreadcrumb("owner/app", "1.0.0", Map.of("run", "first"));

    Poll.until(WAIT, () -> first.stats().spooled() == 1, () -> "spooled: " + first.stats());
    List<Path> spooled = files(spoolDir);
    assertThat(spooled).singleElement().asString().matches(".*batch-\\d{13}-\\d{6}-\\d+\\.json");
    List<String> firstAttempt = ids(received());
    assertThat(firstAttempt).hasSize(1);
    assertThat(ids(spooledEvents(spoolDir))).isEqualTo(firstAttempt);
    assertThat(first.stats().sent()).isZero();
    assertThat(first.status()).contains("spooled 1");

    server.respond(UpkeepClientTest::upkeepServer);
    UpkeepClient second = builder().deliverSpoolAtStart(true).build();

    Poll.until(WAIT, () -> server.requests().size() == 2, "the spooled batch to be resent");
    Poll.until(WAIT, () -> second.stats().sent() == 1, () -> "sent: " + second.stats());
    List<WireEvent> resent = EventBatch.decode(server.requests().get(1).body);
    assertThat(ids(resent)).isEqualTo(firstAttempt);
    assertThat(resent.get(0).attributes())
        .containsExactly(new SimpleImmutableEntry<>("run", "first"));
    assertThat(files(spoolDir)).isEmpty();
    assertThat(second.stats().queued()).isZero();
  }

  @Test
  void neverAnsweringServerMakesFlushGiveUpAndSpool() throws IOException {
    server.respond(r -> Reply.HOLD);
    Path spool = scratchSpool();
    UpkeepClient client = builder().spoolDir(spool).readTimeout(WAIT).build();
    client.addBreadcrumb("owner/app", "1.0.0");
    client.addBreadcrumb("owner/app", "1.0.1");
    server.awaitRequests(1, WAIT);

    long start = System.nanoTime();
    boolean delivered = client.flush(Duration.ofMillis(300));
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(delivered).isFalse();
    assertThat(took).isBetween(Duration.ofMillis(250), Duration.ofMillis(1_000));
    List<WireEvent> inSpool = spooledEvents(spool);
    assertThat(inSpool).extracting(WireEvent::version).containsExactlyInAnyOrder("1.0.0", "1.0.1");
    assertThat(ids(inSpool)).containsAll(ids(EventBatch.decode(server.requests().get(0).body)));
    assertThat(client.stats().spooled()).isEqualTo(2);
    assertThat(client.stats().sent()).isZero();
    server.close();
    settle(client);
  }

  // --- consent ---

  private void assertNothingLeftTheMachine(UpkeepClient client, String reason) throws IOException {
    Tracker run = client.track("owner/app", "1.0.0");
    client.addBreadcrumb("owner/app", "1.0.0");
    client.addBreadcrumb("owner/app", "1.0.0", Map.of("k", "v"));
    run.fail(new IllegalStateException("x"));
    run.close();
    ProjectCheck check = client.checkProject("owner/app", "1.0.0");
    UsageCount usage = client.usage("owner/app", "2026-01-01", null, false);

    assertThat(client.enabled()).isFalse();
    assertThat(run.isClosed()).isTrue();
    assertThat(client.track("owner/app", "1.0.0").isClosed()).isTrue();
    assertThat(check.success()).isFalse();
    assertThat(check.message()).isEqualTo("telemetry is off: " + reason);
    assertThat(usage.success()).isFalse();
    assertThat(usage.message()).isEqualTo("telemetry is off: " + reason);
    assertThat(client.flush(Duration.ofMillis(100))).isTrue();
    assertThat(client.clearUserId()).isFalse();
    assertThat(client.status()).contains("telemetry: off (" + reason + ")");
    assertThat(client.stats().queued()).isZero();
    assertThat(server.connections()).isZero();
    assertThat(configDir).doesNotExist();
    assertThat(spoolDir).doesNotExist();
    assertThat(files(tmp)).isEmpty();
  }

  @Test
  void doNotTrackTurnsEverythingOff() throws IOException {
    UpkeepClient client = builder(Map.of("DO_NOT_TRACK", "1")).build();

    assertNothingLeftTheMachine(client, "DO_NOT_TRACK=1");
  }

  @Test
  void upkeepOptOutTurnsEverythingOff() throws IOException {
    UpkeepClient client = builder(Map.of("UPKEEP_OPTOUT", "true")).build();

    assertNothingLeftTheMachine(client, "UPKEEP_OPTOUT=true");
  }

  @Test
  void applicationCanTurnItOff() throws IOException {
    UpkeepClient client = builder().enabled(false).build();

    assertNothingLeftTheMachine(client, "disabled by the application");
  }

  @Test
  void noEndpointMeansOff() throws IOException {
    UpkeepClient client =
        UpkeepClient.builder()
            .configDir(configDir)
            .spoolDir(spoolDir)
            .environment(Map.of())
            .shutdownHook(false)
            .build();

    assertNothingLeftTheMachine(client, "no endpoint configured (set UPKEEP_ENDPOINT)");
    assertThat(client.status())
        .contains("endpoint: none: no endpoint configured (set UPKEEP_ENDPOINT)");
  }

  @Test
  void migasOptOutCountsInMigasModeOnly() {
    Map<String, String> env = Map.of("MIGAS_OPTOUT", "1");

    assertThat(builder(env).protocol(Protocol.MIGAS).build().enabled()).isFalse();
    assertThat(builder(env).build().enabled()).isTrue();
    assertThat(builder(env).protocol(Protocol.MIGAS).build().status())
        .contains("telemetry: off (MIGAS_OPTOUT=1)");
  }

  @Test
  void statusSaysTelemetryIsOnAndWhy() {
    UpkeepClient client = builder().build();

    assertThat(client.enabled()).isTrue();
    assertThat(client.status())
        .startsWith("upkeep client 0.1.0\n")
        .contains("telemetry: on (the application's default (undecided))")
        .contains(
            "precedence: DO_NOT_TRACK > UPKEEP_OPTOUT > saved decision (none) > application default (on)")
        .contains("endpoint: " + server.url() + " (application)")
        .contains("protocol: UPKEEP")
        .contains("timeouts: connect 1000 ms, read 1000 ms (application or default)")
        .contains("user id: DERIVED, " + configDir.resolve("user_id") + " (not created)")
        .contains("spool: " + spoolDir)
        .contains(
            "events: queued 0, sent 0, rejected by server 0, dropped (queue full) 0, spooled 0,"
                + " dropped from spool 0");
  }

  // --- environment overrides ---

  @Test
  void upkeepEndpointVariableOverridesTheApplication() throws IOException {
    UpkeepClient client =
        builder(Map.of("UPKEEP_ENDPOINT", server.url()))
            .endpoint("http://127.0.0.1:" + closedPort())
            .build();

    client.addBreadcrumb("owner/app", "1.0.0");

    assertThat(client.flush(WAIT)).isTrue();
    assertThat(received()).hasSize(1);
    assertThat(client.status()).contains("endpoint: " + server.url() + " (UPKEEP_ENDPOINT)");
  }

  @Test
  void upkeepEndpointVariableAloneTurnsTelemetryOn() {
    UpkeepClient client =
        UpkeepClient.builder()
            .configDir(configDir)
            .spoolDir(spoolDir)
            .environment(Map.of("UPKEEP_ENDPOINT", " " + server.url() + " "))
            .shutdownHook(false)
            .build();

    client.addBreadcrumb("owner/app", "1.0.0");

    assertThat(client.enabled()).isTrue();
    assertThat(client.flush(WAIT)).isTrue();
    assertThat(received()).hasSize(1);
  }

  @Test
  void upkeepTimeoutSetsBothTimeouts() {
    server.respond(r -> Reply.HOLD);
    UpkeepClient client =
        builder(Map.of("UPKEEP_TIMEOUT", "0.5"))
            .connectTimeout(Duration.ofSeconds(3))
            .readTimeout(Duration.ofSeconds(5))
            .build();

    long start = System.nanoTime();
    ProjectCheck check = client.checkProject("owner/app", "1.0.0");
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(client.status()).contains("timeouts: connect 500 ms, read 500 ms (UPKEEP_TIMEOUT)");
    assertThat(check.success()).isFalse();
    assertThat(check.message()).contains("SocketTimeoutException");
    assertThat(took).isBetween(Duration.ofMillis(400), Duration.ofMillis(1_500));
  }

  @Test
  void migasTimeoutCountsInMigasMode() {
    UpkeepClient client =
        builder(Map.of("MIGAS_TIMEOUT", "1.5", "UPKEEP_TIMEOUT", "9"))
            .protocol(Protocol.MIGAS)
            .build();

    assertThat(client.status())
        .contains("timeouts: connect 1500 ms, read 1500 ms (MIGAS_TIMEOUT)")
        .contains("protocol: MIGAS");
  }

  @Test
  void unusableTimeoutValuesAreIgnored() {
    for (String value : new String[] {"0", "-1", "soon", ""}) {
      UpkeepClient client = builder(Map.of("UPKEEP_TIMEOUT", value)).build();

      assertThat(client.status())
          .as("UPKEEP_TIMEOUT=%s", value)
          .contains("timeouts: connect 1000 ms, read 1000 ms (application or default)");
    }
  }

  // --- queries ---

  @Test
  void checkProjectAsksTheServer() {
    server.respond(
        r ->
            r.path().equals("/v1/projects/owner/app/check")
                ? Reply.of(
                    200,
                    "{\"latest\":\"2.0.0\",\"flagged\":true,"
                        + "\"message\":\"1.0.0 loses data; upgrade to 2.0.0\"}")
                : Reply.of(404, "{\"detail\":\"Not Found\"}"));
    UpkeepClient client = builder().build();

    ProjectCheck check = client.checkProject("owner/app", "1.0.0");

    assertThat(check.success()).isTrue();
    assertThat(check.latest()).isEqualTo("2.0.0");
    assertThat(check.flagged()).isTrue();
    assertThat(check.message()).isEqualTo("1.0.0 loses data; upgrade to 2.0.0");
    LocalHttpServer.Request r = server.requests().get(0);
    assertThat(r.method).isEqualTo("GET");
    assertThat(r.target).isEqualTo("/v1/projects/owner/app/check?version=1.0.0");
  }

  @Test
  void checkProjectFailureCarriesTheServersDetail() {
    server.respond(r -> Reply.of(404, "{\"detail\":\"Project owner/app is not registered.\"}"));
    UpkeepClient client = builder().build();

    ProjectCheck check = client.checkProject("owner/app", "1.0.0");

    assertThat(check.success()).isFalse();
    assertThat(check.message()).isEqualTo("HTTP 404: Project owner/app is not registered.");
  }

  // --- migas protocol ---

  @Test
  void migasProtocolPostsEachBreadcrumbToTheRestRoute() {
    server.respond(r -> Reply.of(202, "{\"success\":true,\"message\":\"\"}"));
    UpkeepClient client = builder().protocol(Protocol.MIGAS).build();

    try (Tracker run = client.track("owner/app", "1.0.0")) {
      run.fail(new IllegalStateException("disk full"));
    }

    assertThat(client.flush(WAIT)).isTrue();
    List<LocalHttpServer.Request> requests = server.requests();
    assertThat(requests)
        .extracting(r -> r.target)
        .containsExactly("/api/breadcrumb", "/api/breadcrumb");
    Map<?, ?> started = (Map<?, ?>) Json.parse(requests.get(0).body);
    Map<?, ?> failed = (Map<?, ?>) Json.parse(requests.get(1).body);
    assertThat(started.get("project")).isEqualTo("owner/app");
    assertThat(started.get("project_version")).isEqualTo("1.0.0");
    assertThat(((Map<?, ?>) started.get("proc")).get("status_desc")).isEqualTo("Started");
    assertThat(((Map<?, ?>) started.get("ctx")).get("session_id")).isEqualTo("session-1");
    Map<?, ?> proc = (Map<?, ?>) failed.get("proc");
    assertThat(proc.get("status")).isEqualTo("F");
    assertThat(proc.get("error_type")).isEqualTo("java.lang.IllegalStateException");
    assertThat(proc.get("error_desc")).isEqualTo("disk full");
    assertThat(client.stats().sent()).isEqualTo(2);
  }

  // --- builder validation ---

  @Test
  void builderNamesTheSettingItRefuses() {
    UpkeepClient.Builder b = UpkeepClient.builder();

    assertThatThrownBy(() -> b.batchSize(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("batchSize must be between 1 and 1000, was 0");
    assertThatThrownBy(() -> b.batchSize(1001))
        .hasMessage("batchSize must be between 1 and 1000, was 1001");
    assertThatThrownBy(() -> b.queueCapacity(0))
        .hasMessage("queueCapacity must be positive, was 0");
    assertThatThrownBy(() -> b.linger(Duration.ZERO))
        .hasMessage("linger must be positive, was PT0S");
    assertThatThrownBy(() -> b.connectTimeout(Duration.ofMillis(-1)))
        .hasMessage("connectTimeout must be positive, was PT-0.001S");
    assertThatThrownBy(() -> b.readTimeout(null))
        .hasMessage("readTimeout must be positive, was null");
    assertThatThrownBy(() -> b.exitFlushTimeout(Duration.ZERO))
        .hasMessage("exitFlushTimeout must be positive, was PT0S");
    assertThatThrownBy(() -> b.spoolLimits(0, 1))
        .hasMessage("spool maxFiles must be positive, was 0");
    assertThatThrownBy(() -> b.spoolLimits(1, 0))
        .hasMessage("spool maxBytes must be positive, was 0");
    assertThatCode(() -> b.batchSize(1).batchSize(1000)).doesNotThrowAnyException();
  }

  @Test
  void builderRefusesAnEndpointThatIsNotAUrl() {
    UpkeepClient.Builder b = UpkeepClient.builder();

    assertThatThrownBy(() -> b.endpoint("not a url"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("endpoint must be an http(s) URL, was \"not a url\"");
    assertThatThrownBy(() -> b.endpoint("telemetry.example.org"))
        .hasMessage("endpoint must be an http(s) URL, was \"telemetry.example.org\"");
    assertThatThrownBy(() -> b.endpoint("localhost:8080"))
        .hasMessage("endpoint must be an http(s) URL, was \"localhost:8080\"");
  }

  // --- never throw ---

  @Test
  void trackingCallsNeverThrowEvenWithNullArguments() throws IOException {
    Path dir = scratchSpool();
    UpkeepClient client = builder().configDir(dir.resolve("config")).spoolDir(dir).build();

    assertThatCode(
            () -> {
              client.addBreadcrumb(null, null);
              client.addBreadcrumb(null, null, null);
              client.addBreadcrumb("owner/app", null, Map.of());
              Tracker none = client.track(null, null);
              assertThat(none.isClosed()).isTrue();
              none.fail(null);
              none.outcome(null);
              none.close();
              Tracker noVersion = client.track("owner/app", null);
              assertThat(noVersion.isClosed()).isTrue();
              Tracker run = client.track("owner/app", "1.0.0");
              run.fail(null);
              run.outcome(null);
              run.close();
              assertThat(client.checkProject(null, null).success()).isFalse();
            })
        .doesNotThrowAnyException();
    settle(client);
  }

  // --- bugs found ---

  @Test
  void invalidBreadcrumbsDoNotPoisonDelivery() {
    UpkeepClient client = builder().build();

    client.addBreadcrumb("owner/app", "1.0.0");
    client.addBreadcrumb(null, null);
    client.addBreadcrumb("mytool", "1.0.0");
    client.addBreadcrumb("owner/app", "1.0.1");

    boolean flushed = client.flush(Duration.ofSeconds(1));

    assertThat(received()).extracting(WireEvent::version).containsExactly("1.0.0", "1.0.1");
    assertThat(client.status()).contains("queue: 0 of 1000 events waiting");
    assertThat(flushed).isTrue();
  }

  @Test
  void flushReportsFailureWhenTheServerIsUnavailable() throws IOException {
    server.respond(r -> Reply.of(503, "").header("Retry-After", "60"));
    UpkeepClient client = builder().build();

    client.addBreadcrumb("owner/app", "1.0.0");
    boolean delivered = client.flush(WAIT);

    assertThat(client.stats().spooled()).isEqualTo(1);
    assertThat(files(spoolDir)).hasSize(1);
    assertThat(delivered).isFalse();
  }

  @Test
  void batchInFlightAtFlushTimeoutIsSpooledOnce() throws IOException {
    server.respond(r -> Reply.HOLD);
    Path spool = scratchSpool();
    UpkeepClient client = builder().spoolDir(spool).readTimeout(Duration.ofMillis(400)).build();
    client.addBreadcrumb("owner/app", "1.0.0");
    server.awaitRequests(1, WAIT);
    assertThat(client.flush(Duration.ofMillis(100))).isFalse();

    server.awaitNoOpenConnection(WAIT); // the sender's read timeout fired, it gave up the request
    settle(client);

    assertThat(ids(spooledEvents(spool))).hasSize(1);
    assertThat(client.stats().spooled()).isEqualTo(1);
  }

  @Test
  void malformedEndpointVariableTurnsTelemetryOffInsteadOfThrowing() {
    UpkeepClient.Builder b = builder(Map.of("UPKEEP_ENDPOINT", "http://bad host/"));

    assertThatCode(b::build).doesNotThrowAnyException();
    UpkeepClient client = b.build();
    assertThat(client.enabled()).isFalse();
    assertThat(client.status()).contains("UPKEEP_ENDPOINT");
  }

  @Test
  void builderRefusesAnEndpointThatIsNotHttp() {
    assertThatThrownBy(() -> UpkeepClient.builder().endpoint("ftp://telemetry.example.org"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("endpoint must be an http(s) URL, was \"ftp://telemetry.example.org\"");
  }

  @Test
  void injectedEnvironmentDecidesCiDetection() {
    UpkeepClient inCi = builder(Map.of("CI", "true")).build();
    UpkeepClient notCi = builder(Map.of("CI", "false")).spoolDir(tmp.resolve("spool2")).build();

    inCi.addBreadcrumb("owner/app", "1.0.0");
    assertThat(inCi.flush(WAIT)).isTrue();
    notCi.addBreadcrumb("owner/app", "2.0.0");
    assertThat(notCi.flush(WAIT)).isTrue();

    List<WireEvent> got = received();
    assertThat(got).extracting(WireEvent::version).containsExactly("1.0.0", "2.0.0");
    assertThat(got.get(0).isCi()).isTrue();
    assertThat(got.get(0).userType()).isEqualTo("ci");
    assertThat(got.get(1).isCi()).isFalse();
    assertThat(got.get(1).userType()).isEqualTo("general");
  }
}
