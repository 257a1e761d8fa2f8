package dev.upkeep.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upkeep.client.internal.LocalHttpServer;
import dev.upkeep.client.internal.LocalHttpServer.Reply;
import dev.upkeep.client.internal.Poll;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The update notice of {@link UpkeepClient#track}: one line on stderr, at most one check a day per
 * project and version, never on the caller's time, silent when it should be; against a real local
 * server answering {@code /v1/projects/{owner}/{name}/check}.
 */
class UpdateNoticeTest {
  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final String PROJECT = "example/mytool";

  @TempDir Path tmp;

  private LocalHttpServer server;
  private volatile String checkAnswer =
      "{\"project\":\"example/mytool\",\"version\":\"2.3.0\",\"latest\":\"2.4.0\","
          + "\"flagged\":false,\"message\":\"\"}";
  private volatile CountDownLatch hold;
  private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
  private final ExecutorService executor = Executors.newSingleThreadExecutor();
  private final List<UpkeepClient> clients = new java.util.ArrayList<>();

  @BeforeEach
  void start() throws IOException {
    // the one-time consent notice was shown in an earlier run: stderr holds the update notice only
    Files.createDirectories(tmp.resolve("config/apps/mytool"));
    Files.createFile(tmp.resolve("config/apps/mytool/notice-shown"));
    server =
        LocalHttpServer.start(
            r -> {
              if (r.path().endsWith("/check")) {
                CountDownLatch h = hold;
                if (h != null) {
                  try {
                    h.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                }
                return Reply.of(200, checkAnswer);
              }
              return Reply.of(200, "{\"received\":1,\"stored\":1}");
            });
  }

  @AfterEach
  void stop() throws InterruptedException {
    CountDownLatch h = hold;
    if (h != null) {
      h.countDown();
    }
    executor.shutdown();
    executor.awaitTermination(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    for (UpkeepClient c : clients) {
      c.flush(WAIT); // the sender writes nothing into the temporary directory after this
    }
    server.close();
  }

  private UpkeepClient client(Map<String, String> env) {
    Map<String, String> e = new java.util.HashMap<>(env);
    e.put("UPKEEP_CACHE_DIR", tmp.resolve("cache").toString());
    return built(
        UpkeepClient.builder()
            .endpoint(server.url())
            .app("mytool", "2.3.0")
            .configDir(tmp.resolve("config"))
            .spoolDir(tmp.resolve("spool"))
            .environment(e)
            .shutdownHook(false)
            .deliverSpoolAtStart(false)
            .interactive(true)
            .executor(executor)
            .stderr(new PrintStream(stderr, true, StandardCharsets.UTF_8)));
  }

  private UpkeepClient built(UpkeepClient.Builder b) {
    UpkeepClient c = b.build();
    clients.add(c);
    return c;
  }

  private List<String> checks() {
    return server.requests().stream()
        .filter(r -> r.path().endsWith("/check"))
        .map(r -> r.target)
        .collect(Collectors.toList());
  }

  private String printed() {
    return stderr.toString(StandardCharsets.UTF_8);
  }

  private void drain() throws InterruptedException {
    // the executor is single-threaded: a no-op after the check means the check is done
    CountDownLatch done = new CountDownLatch(1);
    executor.execute(done::countDown);
    assertThat(done.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
  }

  @Test
  void aNewerVersionIsToldInOneLineOnceThoughEachRunAsksAgain() throws Exception {
    client(Map.of()).track(PROJECT, "2.3.0").close();
    drain();

    assertThat(printed())
        .isEqualTo("example/mytool: 2.4.0 is available (you have 2.3.0)" + System.lineSeparator());
    assertThat(checks()).containsExactly("/v1/projects/example/mytool/check?version=2.3.0");

    client(Map.of()).track(PROJECT, "2.3.0").close(); // a later run the same day
    drain();
    assertThat(checks()).as("asked again: a flag may have come").hasSize(2);
    assertThat(printed().lines()).as("the same answer is not told twice").hasSize(1);
    try (java.util.stream.Stream<Path> kept = Files.list(tmp.resolve("cache/checks"))) {
      assertThat(kept.count()).isEqualTo(1);
    }
  }

  @Test
  void aFlaggedVersionIsToldWithTheServersReasonAndAdvice() throws Exception {
    checkAnswer =
        "{\"latest\":\"2.3.1\",\"flagged\":true,\"message\":\"Version 2.3.0 is flagged: corrupts"
            + " output files. Please upgrade to 2.3.1.\"}";

    client(Map.of()).track(PROJECT, "2.3.0").close();
    drain();

    assertThat(printed())
        .isEqualTo(
            "example/mytool: Version 2.3.0 is flagged: corrupts output files. Please upgrade to"
                + " 2.3.1."
                + System.lineSeparator());
  }

  @Test
  void aVersionFlaggedAfterARunIsToldOnTheNextRunAndThenAskedDaily() throws Exception {
    checkAnswer = "{\"latest\":\"2.3.0\",\"flagged\":false,\"message\":\"\"}";
    client(Map.of()).track(PROJECT, "2.3.0").close();
    drain();
    assertThat(printed()).isEmpty();

    // the maintainer (or an alert rule) flags 2.3.0
    checkAnswer =
        "{\"latest\":\"2.3.1\",\"flagged\":true,\"message\":\"Version 2.3.0 is flagged: fails"
            + " one run in four. Please upgrade to 2.3.1.\"}";
    client(Map.of()).track(PROJECT, "2.3.0").close();
    drain();
    assertThat(printed())
        .isEqualTo(
            "example/mytool: Version 2.3.0 is flagged: fails one run in four. Please upgrade to"
                + " 2.3.1."
                + System.lineSeparator());

    client(Map.of()).track(PROJECT, "2.3.0").close();
    drain();
    assertThat(checks()).as("a flagged version is asked again only after a day").hasSize(2);
    assertThat(printed().lines()).hasSize(1);
  }

  @Test
  void anUpToDateVersionPrintsNothing() throws Exception {
    checkAnswer = "{\"latest\":\"2.3.0\",\"flagged\":false,\"message\":\"\"}";

    client(Map.of()).track(PROJECT, "2.3.0").close();
    drain();

    assertThat(checks()).hasSize(1);
    assertThat(printed()).isEmpty();
  }

  @Test
  void theCheckNeverWaitsOnTheServerAndTellsTheNextRunWhenTheAppEndedFirst() throws Exception {
    hold = new CountDownLatch(1);
    UpkeepClient first = client(Map.of());

    Tracker run = first.track(PROJECT, "2.3.0"); // returns while the server holds the check
    run.close();
    Poll.until(WAIT, () -> checks().size() == 1, "the check reached the server");
    assertThat(printed()).isEmpty();

    hold.countDown();
    drain();
    assertThat(printed()).contains("2.4.0 is available");
  }

  @Test
  void silentWhenTheVariableIsSetOrTelemetryIsOff() throws Exception {
    client(Map.of("UPKEEP_NO_UPDATE_CHECK", "1")).track(PROJECT, "2.3.0").close();
    client(Map.of("DO_NOT_TRACK", "1")).track(PROJECT, "2.3.0").close();
    UpkeepClient local = client(Map.of());
    local.disable();
    local.notifyUpdates(PROJECT, "2.3.0");
    drain();

    assertThat(checks()).isEmpty();
    assertThat(printed()).isEmpty();
    assertThat(client(Map.of("UPKEEP_NO_UPDATE_CHECK", "1")).status())
        .contains("update notice: off (UPKEEP_NO_UPDATE_CHECK is set)");
  }

  @Test
  void silentWithoutATerminal() throws Exception {
    UpkeepClient client =
        built(
            UpkeepClient.builder()
                .endpoint(server.url())
                .configDir(tmp.resolve("config"))
                .spoolDir(tmp.resolve("spool"))
                .environment(Map.of("UPKEEP_CACHE_DIR", tmp.resolve("cache").toString()))
                .shutdownHook(false)
                .deliverSpoolAtStart(false)
                .interactive(false)
                .executor(executor));

    client.track(PROJECT, "2.3.0").close();
    drain();

    assertThat(checks()).isEmpty();
    assertThat(client.status()).contains("update notice: off (stderr is not a terminal, or CI)");
  }

  @Test
  void aFailedCheckIsTriedAgainByTheNextRun() throws Exception {
    checkAnswer = "not json";
    client(Map.of()).track(PROJECT, "2.3.0").close();
    drain();
    assertThat(printed()).isEmpty();

    checkAnswer = "{\"latest\":\"2.4.0\",\"flagged\":false,\"message\":\"\"}";
    client(Map.of()).track(PROJECT, "2.3.0").close();
    drain();

    assertThat(checks()).hasSize(2);
    assertThat(printed()).contains("2.4.0 is available");
  }
}
