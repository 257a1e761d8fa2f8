package dev.upkeep.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.upkeep.protocol.EventBatch;
import dev.upkeep.protocol.WireEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Homebrew's rule, "notice before the first byte", as a user first meets tracked-cli (default on)
 * on a pseudo-terminal: the run that shows the one-time notice opens no connection and keeps its
 * events in the spool; the next run delivers both runs' events to the real collector; with {@code
 * tracked-cli --telemetry off} run in between nothing is ever sent and nothing is kept. Skipped
 * only when util-linux's {@code script} is missing.
 */
class NoticeBeforeSendingIT {
  private static final String PROJECT = "upkeep/tracked-cli";
  private static final String NOTICE =
      "tracked-cli sends anonymous usage statistics to 127.0.0.1 (run with UPKEEP_INSPECT=1 to see"
          + " them).\n"
          + "This run sends nothing; what it records is sent by the next run.\n"
          + "If you do not want to send them, you can run (this also deletes them):\n"
          + "    tracked-cli --telemetry off\n"
          + "This message is shown once.\n";

  @TempDir Path home;
  @TempDir Path data;

  @BeforeEach
  void needsATerminal() {
    assumeTrue(
        TrackedCliProcess.terminalAvailable(),
        "script (util-linux) is not on the PATH: no pseudo-terminal to run tracked-cli on");
  }

  private static Map<String, String> endpoint(int port) {
    return Map.of("UPKEEP_ENDPOINT", "http://127.0.0.1:" + port);
  }

  /** What the terminal showed, with the terminal's CRLF line ends as LF. */
  private static String shown(TrackedCliProcess p) throws IOException {
    return p.output().replace("\r\n", "\n");
  }

  /** Every regular file under the cache directory's spool. */
  private List<Path> spoolFiles() throws IOException {
    Path spool = home.resolve("cache/spool");
    if (!Files.isDirectory(spool)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(spool)) {
      return s.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
    }
  }

  private List<String> keptIds() throws IOException {
    List<String> ids = new ArrayList<>();
    for (Path p : spoolFiles()) {
      EventBatch.decode(Files.readString(p)).stream().map(WireEvent::id).forEach(ids::add);
    }
    return ids;
  }

  @Test
  void theRunThatShowsTheNoticeSendsNothingAndTheNextRunDeliversBothRuns() throws Exception {
    try (RunningServer server = RunningServer.start(data);
        CountingProxy proxy = new CountingProxy(server.port())) {
      server.register(PROJECT, "1.0.0");
      Map<String, String> env = endpoint(proxy.port());

      TrackedCliProcess first = TrackedCliProcess.startOnTerminal(home, env);
      assertThat(first.waitFor()).as(first.output()).isZero();

      assertThat(shown(first)).isEqualTo(NOTICE + "done\n");
      assertThat(proxy.connections.get()).isZero();
      List<String> held = keptIds();
      assertThat(held).hasSize(2); // started, completed
      assertThat(StoredEvents.all(data)).isEmpty();

      TrackedCliProcess second = TrackedCliProcess.startOnTerminal(home, env, "--work-ms", "500");
      assertThat(second.waitFor()).as(second.output()).isZero();

      assertThat(shown(second)).doesNotContain("sends anonymous usage statistics");
      assertThat(proxy.connections.get()).isPositive();
      await().atMost(Duration.ofSeconds(20)).until(() -> StoredEvents.all(data).size() >= 4);
      List<String> stored =
          StoredEvents.all(data).stream()
              .map(StoredEvents.Row::eventId)
              .collect(Collectors.toList());
      assertThat(stored).hasSize(4).containsAll(held);
      assertThat(spoolFiles()).isEmpty();
    }
  }

  @Test
  void withTheDisableCommandInBetweenNothingIsEverSentAndNothingIsKept() throws Exception {
    try (CountingServer counting = new CountingServer()) {
      Map<String, String> env = endpoint(counting.port());

      TrackedCliProcess first = TrackedCliProcess.startOnTerminal(home, env);
      assertThat(first.waitFor()).as(first.output()).isZero();
      assertThat(shown(first)).startsWith(NOTICE);
      assertThat(keptIds()).hasSize(2);

      TrackedCliProcess disable = TrackedCliProcess.start(home, env, "--telemetry", "off");
      assertThat(disable.waitFor()).as(disable.output()).isZero();
      assertThat(disable.output()).isEqualTo("telemetry: off\n");

      TrackedCliProcess second = TrackedCliProcess.startOnTerminal(home, env);
      assertThat(second.waitFor()).as(second.output()).isZero();

      assertThat(counting.connections.get()).isZero();
      assertThat(spoolFiles()).isEmpty();
      assertThat(shown(second)).isEqualTo("done\n");
    }
  }
}
