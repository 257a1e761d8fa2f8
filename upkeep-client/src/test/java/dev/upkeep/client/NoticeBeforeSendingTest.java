package dev.upkeep.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upkeep.client.internal.LocalHttpServer;
import dev.upkeep.client.internal.LocalHttpServer.Reply;
import dev.upkeep.client.internal.Poll;
import dev.upkeep.protocol.EventBatch;
import dev.upkeep.protocol.WireEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Homebrew's rule for an app whose default is on, one client per run against a real socket: the run
 * that shows the one-time notice sends nothing and the next run sends what it kept; the disable
 * command in between deletes it; {@link UpkeepClient.Builder#noticeBeforeSending} for runs that
 * cannot show the notice. A run "on a terminal" is one built with {@code interactive(true)}.
 */
class NoticeBeforeSendingTest {
  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final String PROJECT = "example/mytool";

  @TempDir Path tmp;

  private LocalHttpServer server;
  private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
  private final List<UpkeepClient> clients = new ArrayList<>();

  @BeforeEach
  void start() throws IOException {
    server =
        LocalHttpServer.start(
            r -> {
              int n = r.path().equals("/v1/events") ? EventBatch.decode(r.body).size() : 0;
              return Reply.of(200, "{\"received\":" + n + ",\"stored\":" + n + "}");
            });
  }

  @AfterEach
  void stop() {
    for (UpkeepClient c : clients) {
      c.flush(WAIT); // the sender writes nothing into the temporary directory after this
    }
    server.close();
  }

  private UpkeepClient.Builder run(boolean onTerminal) {
    return UpkeepClient.builder()
        .endpoint(server.url())
        .app("mytool", "2.3.0")
        .configDir(tmp.resolve("config"))
        .spoolDir(tmp.resolve("spool"))
        .environment(Map.of("UPKEEP_CACHE_DIR", tmp.resolve("cache").toString()))
        .shutdownHook(false)
        .updateNotice(false)
        .interactive(onTerminal)
        .noticeCommands("mytool telemetry on", "mytool telemetry off")
        .stderr(new PrintStream(stderr, true, StandardCharsets.UTF_8))
        .linger(Duration.ofMillis(20));
  }

  private UpkeepClient built(UpkeepClient.Builder b) {
    UpkeepClient c = b.build();
    clients.add(c);
    return c;
  }

  /** One tracked run (two events: started, completed), then the exit flush. */
  private static void trackedRun(UpkeepClient c) {
    c.track(PROJECT, "2.3.0").close();
    c.flush(WAIT);
  }

  private List<String> received() {
    List<String> ids = new ArrayList<>();
    for (LocalHttpServer.Request r : server.requests()) {
      if (r.path().equals("/v1/events")) {
        EventBatch.decode(r.body).forEach(e -> ids.add(e.id()));
      }
    }
    return ids;
  }

  private List<String> kept() throws IOException {
    Path spool = tmp.resolve("spool");
    if (!Files.isDirectory(spool)) {
      return List.of();
    }
    List<String> ids = new ArrayList<>();
    try (Stream<Path> s = Files.list(spool)) {
      for (Path p : s.sorted().collect(Collectors.toList())) {
        EventBatch.decode(Files.readString(p)).stream().map(WireEvent::id).forEach(ids::add);
      }
    }
    return ids;
  }

  private String printed() {
    return stderr.toString(StandardCharsets.UTF_8);
  }

  @Test
  void theRunThatShowsTheNoticeSendsNothingAndTheNextRunSendsBoth() throws IOException {
    UpkeepClient first = built(run(true));
    trackedRun(first);

    assertThat(first.consent()).isEqualTo(ConsentMode.LOCAL);
    assertThat(first.status())
        .contains("telemetry: local (the application's default (undecided), held: this run");
    assertThat(server.connections()).isZero();
    assertThat(printed())
        .isEqualTo(
            "mytool sends anonymous usage statistics to 127.0.0.1 (run with UPKEEP_INSPECT=1 to"
                + " see them).\n"
                + "This run sends nothing; what it records is sent by the next run.\n"
                + "If you do not want to send them, you can run (this also deletes them):\n"
                + "    mytool telemetry off\n"
                + "This message is shown once.\n");
    List<String> held = kept();
    assertThat(held).hasSize(2);

    UpkeepClient second = built(run(true).deliverSpoolAtStart(true));
    trackedRun(second);

    assertThat(second.consent()).isEqualTo(ConsentMode.ON);
    Poll.until(WAIT, () -> received().size() == 4, () -> "4 events, got " + received());
    assertThat(received()).containsAll(held);
    assertThat(kept()).isEmpty();
    assertThat(printed()).containsOnlyOnce("This message is shown once.");
  }

  @Test
  void theDisableCommandBetweenTheRunsDeletesWhatWasHeldAndNothingIsEverSent()
      throws IOException, InterruptedException {
    trackedRun(built(run(true)));
    assertThat(kept()).hasSize(2);

    // the app's disable command: a run that records nothing, delivering its spool "at start"
    UpkeepClient command = built(run(false).deliverSpoolAtStart(true));
    Thread.sleep(300); // the app parses its arguments before it calls disable(): nothing leaves
    assertThat(server.connections()).isZero();
    assertThat(command.disable()).isEqualTo(ConsentMode.OFF);
    trackedRun(built(run(true).deliverSpoolAtStart(true)));

    assertThat(kept()).isEmpty();
    assertThat(server.connections()).isZero();
  }

  @Test
  void byDefaultARunWithoutATerminalSendsAsBefore() {
    UpkeepClient run = built(run(false));
    trackedRun(run);

    assertThat(run.consent()).isEqualTo(ConsentMode.ON);
    assertThat(received()).hasSize(2);
    assertThat(printed()).isEmpty();
  }

  @Test
  void noticeBeforeSendingHoldsRunsWithoutATerminalUntilARunHasShownTheNotice() throws IOException {
    UpkeepClient unattended = built(run(false).noticeBeforeSending(true));
    trackedRun(unattended);
    assertThat(unattended.status()).contains("held until a run has shown the notice on a terminal");
    trackedRun(built(run(true).noticeBeforeSending(true)));
    assertThat(server.connections()).isZero();
    assertThat(kept()).hasSize(4);

    trackedRun(built(run(false).noticeBeforeSending(true)));

    Poll.until(WAIT, () -> received().size() == 6, () -> "6 events, got " + received());
    assertThat(kept()).isEmpty();
  }

  @Test
  void aNoticeThatCouldNotBeWrittenWasNotShown() {
    OutputStream broken =
        new OutputStream() {
          @Override
          public void write(int b) throws IOException {
            throw new IOException("stderr is closed");
          }
        };
    trackedRun(built(run(true).stderr(new PrintStream(broken, true, StandardCharsets.UTF_8))));
    assertThat(tmp.resolve("config/apps/mytool/notice-shown")).doesNotExist();

    UpkeepClient next = built(run(true));
    trackedRun(next);

    assertThat(next.consent()).isEqualTo(ConsentMode.LOCAL); // this run shows it, so it holds
    assertThat(printed()).contains("This run sends nothing");
    assertThat(server.connections()).isZero();
  }
}
