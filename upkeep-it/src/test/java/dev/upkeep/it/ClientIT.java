package dev.upkeep.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.upkeep.client.ProjectCheck;
import dev.upkeep.client.Protocol;
import dev.upkeep.client.RunOutcome;
import dev.upkeep.client.Tracker;
import dev.upkeep.client.UpkeepClient;
import dev.upkeep.client.UsageCount;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Upkeep's client library against the real collector, in-process and as a child JVM. */
class ClientIT {
  private static final String PROJECT = "upkeep/tracked-cli";

  @TempDir Path data;
  @TempDir Path home;
  RunningServer server;

  @BeforeEach
  void start() throws Exception {
    server = RunningServer.start(data);
    server.register(PROJECT, "1.0.0", "1.1.0");
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  UpkeepClient.Builder client(Protocol protocol) {
    return UpkeepClient.builder()
        .endpoint(server.url())
        .protocol(protocol)
        .environment(Map.of())
        .configDir(home.resolve("config"))
        .spoolDir(home.resolve("spool-" + protocol))
        .shutdownHook(false);
  }

  List<String> statuses() throws Exception {
    return StoredEvents.all(data).stream()
        .map(StoredEvents.Row::status)
        .collect(Collectors.toList());
  }

  @Test
  void breadcrumbsWithAttributesAreStored() throws Exception {
    UpkeepClient c = client(Protocol.UPKEEP).build();
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("command", "convert");
    attributes.put("format", "nifti");
    c.addBreadcrumb(PROJECT, "1.0.0", attributes);
    c.addBreadcrumb(PROJECT, "1.0.0");
    c.addBreadcrumb(PROJECT, "1.1.0");
    assertThat(c.flush(Duration.ofSeconds(10))).isTrue();

    List<StoredEvents.Row> rows = StoredEvents.all(data);
    assertThat(rows).hasSize(3);
    assertThat(rows.get(0).attributes())
        .isEqualTo("[[\"command\",\"convert\"],[\"format\",\"nifti\"]]");
    assertThat(rows.get(0).language()).isEqualTo("java");
    assertThat(rows.get(0).userId()).matches("[0-9a-f-]{36}");
    assertThat(rows)
        .extracting(StoredEvents.Row::eventId)
        .doesNotContainNull()
        .doesNotHaveDuplicates();
    assertThat(Files.exists(home.resolve("config/user_id"))).isTrue();
    assertThat(c.stats().sent()).isEqualTo(3);
  }

  @Test
  void theIngestKeyOfAKeyedProjectIsSentWithEveryBatch() throws Exception {
    RawHttp.Response made = server.admin("POST", "/v1/projects/" + PROJECT + "/ingest-key", null);
    assertThat(made.status()).isEqualTo(200);
    String key =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(made.body())
            .get("ingest_key")
            .asText();

    UpkeepClient without = client(Protocol.UPKEEP).build();
    without.addBreadcrumb(PROJECT, "1.0.0");
    without.flush(Duration.ofSeconds(10));
    assertThat(StoredEvents.all(data)).isEmpty();

    UpkeepClient with =
        client(Protocol.UPKEEP).spoolDir(home.resolve("spool-keyed")).ingestKey(key).build();
    with.addBreadcrumb(PROJECT, "1.1.0");
    assertThat(with.flush(Duration.ofSeconds(10))).isTrue();
    assertThat(StoredEvents.all(data)).hasSize(1);
    assertThat(with.stats().sent()).isEqualTo(1);
  }

  @Test
  void trackedRunsEndingNormallyAndByException() throws Exception {
    UpkeepClient c =
        client(Protocol.UPKEEP)
            .errorHandler(
                InterruptedException.class, e -> RunOutcome.suspended("Interrupted by the user"))
            .build();
    try (Tracker run = c.track(PROJECT, "1.0.0")) {
      assertThat(c.track(PROJECT, "1.0.0")).as("idempotent while open").isSameAs(run);
    }
    Tracker failing = c.track(PROJECT, "1.1.0");
    try {
      failing.run(
          () -> {
            throw new IllegalArgumentException("bad input file");
          });
    } catch (IllegalArgumentException expected) {
      // rethrown to the caller after being recorded
    }
    Tracker interrupted = c.track(PROJECT, "1.0.0");
    interrupted.fail(new InterruptedException("stop"));
    interrupted.close();
    interrupted.close();
    assertThat(c.flush(Duration.ofSeconds(10))).isTrue();

    List<StoredEvents.Row> rows = StoredEvents.all(data);
    assertThat(rows)
        .extracting(StoredEvents.Row::status)
        .containsExactly("R", "C", "R", "F", "R", "S");
    assertThat(rows.get(1).statusDesc()).isEqualTo("Completed");
    assertThat(rows.get(3).errorType()).isEqualTo("java.lang.IllegalArgumentException");
    assertThat(rows.get(3).errorDesc()).isEqualTo("bad input file");
    assertThat(rows.get(5).statusDesc()).isEqualTo("Interrupted by the user");
  }

  @Test
  void checkProjectAndUsageInBothProtocols() throws Exception {
    server.admin(
        "PUT",
        "/v1/projects/upkeep/tracked-cli/versions/1.0.0/flag",
        "{\"reason\":\"Loses data\"}");
    for (Protocol p : Protocol.values()) {
      UpkeepClient c = client(p).build();
      ProjectCheck check = c.checkProject(PROJECT, "1.0.0");
      assertThat(check.success()).as(p + ": " + check).isTrue();
      assertThat(check.latest()).isEqualTo("1.1.0");
      assertThat(check.flagged()).isTrue();
      assertThat(check.message())
          .isEqualTo("Version 1.0.0 is flagged: Loses data. Please upgrade to 1.1.0.");
      assertThat(c.checkProjectAsync(PROJECT, "1.1.0").get().flagged()).isFalse();
      c.addBreadcrumb(PROJECT, "1.1.0");
      assertThat(c.flush(Duration.ofSeconds(10))).isTrue();
    }
    UpkeepClient c = client(Protocol.MIGAS).build();
    UsageCount hits = c.usage(PROJECT, "2020-01-01", null, false);
    assertThat(hits.success()).as(hits.toString()).isTrue();
    assertThat(hits.hits()).isEqualTo(2);
    assertThat(c.usage(PROJECT, "2020-01-01", null, true).hits()).isEqualTo(1);
    assertThat(c.usage("nobody/here", "2020-01-01", null, false).success()).isFalse();
  }

  @Test
  void migasProtocolStoresBreadcrumbsAndRuns() throws Exception {
    UpkeepClient c = client(Protocol.MIGAS).build();
    try (Tracker run = c.track(PROJECT, "1.0.0")) {
      c.addBreadcrumb(PROJECT, "1.0.0");
    }
    assertThat(c.flush(Duration.ofSeconds(10))).isTrue();
    List<StoredEvents.Row> rows = StoredEvents.all(data);
    assertThat(rows).extracting(StoredEvents.Row::status).containsExactly("R", "R", "C");
    assertThat(rows).extracting(StoredEvents.Row::eventId).containsOnlyNulls();
  }

  @Test
  void childJvmRunsEndingNormallyByExceptionAndBySystemExit() throws Exception {
    Map<String, String> env = Map.of("UPKEEP_ENDPOINT", server.url());
    assertThat(TrackedCliProcess.run(home, env)).isZero();
    assertThat(TrackedCliProcess.run(home, env, "--fail")).isEqualTo(1);
    assertThat(TrackedCliProcess.run(home, env, "--exit", "3")).isEqualTo(3);

    List<StoredEvents.Row> rows = StoredEvents.all(data);
    assertThat(rows)
        .extracting(StoredEvents.Row::status)
        .containsExactly("R", "C", "R", "F", "R", "S");
    assertThat(rows.get(3).errorType()).isEqualTo("java.lang.IllegalStateException");
    assertThat(rows.get(3).errorDesc()).isEqualTo("failing as asked (--fail)");
    assertThat(rows.get(5).statusDesc()).isEqualTo("Exited before the run was closed");
  }

  @Test
  void sigtermEndsTheRunAsSuspended() throws Exception {
    TrackedCliProcess p =
        TrackedCliProcess.start(
            home, Map.of("UPKEEP_ENDPOINT", server.url()), "--work-ms", "60000");
    await().atMost(Duration.ofSeconds(30)).until(() -> statuses().contains("R"));
    p.terminate();
    assertThat(p.waitFor()).isEqualTo(143);
    List<StoredEvents.Row> rows = StoredEvents.all(data);
    assertThat(rows).extracting(StoredEvents.Row::status).containsExactly("R", "S");
    assertThat(rows.get(1).statusDesc()).isEqualTo("Terminated (SIGTERM)");
  }

  @Test
  void serverDownSpoolsAndTheNextRunDeliversEachEventOnce() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Map<String, String> env = Map.of("UPKEEP_ENDPOINT", "http://127.0.0.1:" + port);
    assertThat(TrackedCliProcess.run(home, env)).isZero();
    assertThat(TrackedCliProcess.run(home, env, "--fail")).isEqualTo(1);
    assertThat(spoolFiles()).isNotEmpty();

    server.close();
    server = null;
    try (RunningServer up = RunningServer.start(data, b -> b.port(port))) {
      assertThat(TrackedCliProcess.run(home, env)).isZero();
      assertThat(spoolFiles()).isEmpty();
      assertThat(TrackedCliProcess.run(home, env)).isZero();
      List<StoredEvents.Row> rows = StoredEvents.all(data);
      // 4 runs, each R + final: every event exactly once, whatever was resent.
      assertThat(rows).hasSize(8);
      assertThat(rows).extracting(StoredEvents.Row::eventId).doesNotHaveDuplicates();
      assertThat(rows.stream().filter(r -> r.status().equals("F")).count()).isEqualTo(1);
    }
  }

  @Test
  void serverThatNeverAnswersLosesNothing() throws Exception {
    List<java.net.Socket> held = new java.util.concurrent.CopyOnWriteArrayList<>();
    int port;
    try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      port = silent.getLocalPort();
      Thread acceptor =
          new Thread(
              () -> {
                try {
                  while (true) {
                    held.add(silent.accept()); // read nothing, answer nothing
                  }
                } catch (IOException closed) {
                  // test over
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();
      Map<String, String> env = Map.of("UPKEEP_ENDPOINT", "http://127.0.0.1:" + port);
      assertThat(TrackedCliProcess.run(home, env)).isZero();
      assertThat(TrackedCliProcess.run(home, env)).isZero();
      assertThat(held).isNotEmpty();
    } finally {
      for (java.net.Socket s : held) {
        s.close();
      }
    }
    List<Path> spooled = spoolFiles();
    assertThat(spooled).isNotEmpty().allMatch(f -> f.getFileName().toString().endsWith(".json"));

    // The endpoint answers now: the next run delivers both runs' events, each once.
    server.close();
    server = null;
    try (RunningServer up = RunningServer.start(data, b -> b.port(port))) {
      Map<String, String> env = Map.of("UPKEEP_ENDPOINT", "http://127.0.0.1:" + port);
      assertThat(TrackedCliProcess.run(home, env)).isZero();
      assertThat(spoolFiles()).isEmpty();
      assertThat(statuses()).containsExactlyInAnyOrder("R", "C", "R", "C", "R", "C");
    }
  }

  private List<Path> spoolFiles() throws IOException {
    Path cache = home.resolve("cache");
    if (!Files.exists(cache)) {
      return List.of();
    }
    try (var files = Files.walk(cache)) {
      return files
          .filter(f -> f.getFileName().toString().startsWith("batch-"))
          .collect(Collectors.toList());
    }
  }
}
