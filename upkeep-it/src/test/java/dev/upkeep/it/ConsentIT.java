package dev.upkeep.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Consent modes as a user lives them, with tracked-cli in child JVMs: OFF and LOCAL send nothing (a
 * counting server sees no connection), what LOCAL keeps survives restarts within its cap, vanishes
 * on {@code --telemetry off}, and reaches the real collector oldest first after {@code --telemetry
 * on}.
 */
class ConsentIT {
  private static final String PROJECT = "upkeep/tracked-cli";

  @TempDir Path home;
  @TempDir Path data;

  private static Map<String, String> endpoint(int port) {
    return Map.of("UPKEEP_ENDPOINT", "http://127.0.0.1:" + port);
  }

  private List<Path> kept() throws IOException {
    Path cache = home.resolve("cache");
    if (!Files.isDirectory(cache)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(cache)) {
      return s.filter(p -> p.getFileName().toString().startsWith("batch-"))
          .sorted()
          .collect(Collectors.toList());
    }
  }

  @Test
  void offSendsNothingAndKeepsNothing() throws Exception {
    try (CountingServer counting = new CountingServer()) {
      Map<String, String> viaVariable =
          Map.of(
              "UPKEEP_ENDPOINT",
              "http://127.0.0.1:" + counting.port(),
              "TRACKED_CLI_TELEMETRY",
              "off");
      assertThat(TrackedCliProcess.run(home, viaVariable, "--report", "n=1")).isZero();
      assertThat(TrackedCliProcess.run(home, Map.of(), "--telemetry", "off")).isZero();
      assertThat(TrackedCliProcess.run(home, endpoint(counting.port()), "--report", "n=2"))
          .isZero();
      TrackedCliProcess status =
          TrackedCliProcess.start(home, endpoint(counting.port()), "--status");
      assertThat(status.waitFor()).isZero();

      assertThat(counting.connections.get()).isZero();
      assertThat(kept()).isEmpty();
      assertThat(status.output())
          .contains("telemetry: off (saved decision in " + home.resolve("config"));
    }
  }

  @Test
  void localSendsNothingAndKeepsEverythingOnDisk() throws Exception {
    try (CountingServer counting = new CountingServer()) {
      TrackedCliProcess run =
          TrackedCliProcess.start(
              home,
              endpoint(counting.port()),
              "--default-consent",
              "local",
              "--report",
              "n=1",
              "--status",
              "--fail");
      assertThat(run.waitFor()).isEqualTo(1);

      assertThat(counting.connections.get()).isZero();
      assertThat(run.output()).contains("telemetry: local (the application's default (undecided))");
      String kept = Files.readString(kept().get(0));
      assertThat(kept).contains("\"kind\":\"report\"").contains("\"status\":\"F\"");
    }
  }

  @Test
  void theNoticeIsShownOnceWithTheAppsCommands() throws Exception {
    try (CountingServer counting = new CountingServer()) {
      String[] args = {"--default-consent", "local", "--interactive"};
      TrackedCliProcess first = TrackedCliProcess.start(home, endpoint(counting.port()), args);
      first.waitFor();
      TrackedCliProcess second = TrackedCliProcess.start(home, endpoint(counting.port()), args);
      second.waitFor();

      assertThat(first.output())
          .contains("Uploading usage statistics of tracked-cli is currently disabled.")
          .contains("    tracked-cli --telemetry on\n")
          .contains("    tracked-cli --telemetry off\n")
          .contains("Nothing will be uploaded before you opt in.");
      assertThat(second.output()).doesNotContain("Uploading usage statistics");
      assertThat(counting.connections.get()).isZero();
    }
  }

  @Test
  void pendingReportsSurviveRestartsWithinTheCapAndArriveOldestFirstAfterEnable() throws Exception {
    try (RunningServer server = RunningServer.start(data)) {
      server.register(PROJECT, "1.0.0");
      Map<String, String> env = endpoint(server.port());
      for (int i = 1; i <= 5; i++) {
        assertThat(
                TrackedCliProcess.run(
                    home,
                    env,
                    "--default-consent",
                    "local",
                    "--spool-files",
                    "3",
                    "--report",
                    "run=" + i))
            .isZero();
      }
      List<Path> kept = kept();
      assertThat(kept).hasSize(3); // the cap: the oldest batches were dropped
      List<WireEvent> waiting = new ArrayList<>();
      for (Path p : kept) {
        waiting.addAll(EventBatch.decode(Files.readString(p)));
      }
      List<String> waitingReports =
          waiting.stream()
              .filter(e -> e.kind().equals("report"))
              .map(e -> e.attributes().get(0).getValue())
              .collect(Collectors.toList());
      assertThat(waitingReports).contains("5").doesNotContain("1").isSorted();
      assertThat(StoredEvents.all(data)).isEmpty();

      assertThat(
              TrackedCliProcess.run(home, env, "--default-consent", "local", "--telemetry", "on"))
          .isZero();

      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> StoredEvents.all(data).size() == waiting.size() && kept().isEmpty());
      List<String> storedReports =
          StoredEvents.all(data).stream()
              .map(StoredEvents.Row::attributes)
              .filter(a -> a != null && a.startsWith("[[\"run\""))
              .map(a -> a.substring("[[\"run\",\"".length(), a.indexOf("\"]")))
              .collect(Collectors.toList());
      assertThat(storedReports).isEqualTo(waitingReports);
      assertThat(StoredEvents.all(data))
          .extracting(StoredEvents.Row::eventId)
          .containsExactlyElementsOf(
              waiting.stream().map(WireEvent::id).collect(Collectors.toList()));
    }
  }

  @Test
  void disableDeletesWhatWasKept() throws Exception {
    try (CountingServer counting = new CountingServer()) {
      Map<String, String> env = endpoint(counting.port());
      TrackedCliProcess.run(home, env, "--default-consent", "local", "--report", "n=1");
      TrackedCliProcess.run(home, env, "--default-consent", "local", "--report", "n=2");
      assertThat(kept()).hasSize(2);

      assertThat(
              TrackedCliProcess.run(home, env, "--default-consent", "local", "--telemetry", "off"))
          .isZero();
      TrackedCliProcess.run(home, env, "--default-consent", "local", "--report", "n=3");

      assertThat(kept()).isEmpty();
      assertThat(home.resolve("config/user_id")).doesNotExist();
      assertThat(counting.connections.get()).isZero();
    }
  }

  @Test
  void inspectModePrintsWhatWouldBeSentAndSendsNothing() throws Exception {
    try (CountingServer counting = new CountingServer()) {
      Map<String, String> env =
          Map.of("UPKEEP_ENDPOINT", "http://127.0.0.1:" + counting.port(), "UPKEEP_INSPECT", "1");
      TrackedCliProcess run = TrackedCliProcess.start(home, env, "--report", "command=convert");
      assertThat(run.waitFor()).isZero();

      assertThat(counting.connections.get()).isZero();
      assertThat(run.output())
          .contains(
              "upkeep inspect: not sent:\nPOST http://127.0.0.1:" + counting.port() + "/v1/events")
          .contains("\"project\":\"upkeep/tracked-cli\"")
          .contains("\"attributes\":[[\"command\",\"convert\"]");
      assertThat(kept()).isEmpty();
    }
  }
}
