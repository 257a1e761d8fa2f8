package dev.upkeep.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upkeep.client.internal.LocalHttpServer;
import dev.upkeep.client.internal.LocalHttpServer.Reply;
import dev.upkeep.client.internal.Poll;
import dev.upkeep.protocol.EventBatch;
import dev.upkeep.protocol.WireEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Consent modes, the saved decision, the notice, reports and silencing, against a real socket. */
class ConsentModesTest {
  private static final Duration WAIT = Duration.ofSeconds(5);

  @TempDir Path tmp;

  private LocalHttpServer server;
  private Path configDir;
  private Path spoolDir;
  private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

  @BeforeEach
  void start() throws IOException {
    server =
        LocalHttpServer.start(
            r -> {
              int n = r.path().equals("/v1/events") ? EventBatch.decode(r.body).size() : 0;
              return Reply.of(200, "{\"received\":" + n + ",\"stored\":" + n + "}");
            });
    configDir = tmp.resolve("config");
    spoolDir = tmp.resolve("spool");
  }

  private final List<UpkeepClient> clients = new ArrayList<>();

  @AfterEach
  void stop() {
    for (UpkeepClient c : clients) {
      c.flush(WAIT); // the sender writes nothing into the temporary directory after this
    }
    server.close();
  }

  private UpkeepClient built(UpkeepClient.Builder b) {
    UpkeepClient c = b.build();
    clients.add(c);
    return c;
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
        .interactive(false)
        .stderr(new PrintStream(stderr, true, StandardCharsets.UTF_8))
        .linger(Duration.ofMillis(20));
  }

  private UpkeepClient local() {
    return built(builder(Map.of()).defaultConsent(ConsentMode.LOCAL));
  }

  private List<WireEvent> received() {
    List<WireEvent> events = new ArrayList<>();
    for (LocalHttpServer.Request r : server.requests()) {
      if (r.path().equals("/v1/events")) {
        events.addAll(EventBatch.decode(r.body));
      }
    }
    return events;
  }

  private List<WireEvent> spooled() throws IOException {
    if (!Files.isDirectory(spoolDir)) {
      return List.of();
    }
    List<WireEvent> events = new ArrayList<>();
    try (Stream<Path> s = Files.list(spoolDir)) {
      for (Path p : s.sorted().collect(Collectors.toList())) {
        events.addAll(EventBatch.decode(Files.readString(p)));
      }
    }
    return events;
  }

  private static List<String> notes(WireEvent e) {
    return e.attributes().stream()
        .map(p -> p.getKey() + "=" + p.getValue())
        .collect(Collectors.toList());
  }

  @Test
  void localKeepsEverythingOnDiskAndSendsNothing() throws IOException {
    UpkeepClient client = local();

    client.addBreadcrumb("example/mytool", "2.3.0");
    client.report("example/mytool", "2.3.0").note("command", "convert").submit();
    client.track("example/mytool", "2.3.0").close();
    assertThat(client.flush(WAIT)).isFalse(); // kept, not delivered

    assertThat(client.consent()).isEqualTo(ConsentMode.LOCAL);
    assertThat(client.enabled()).isFalse();
    assertThat(spooled()).hasSize(4);
    assertThat(server.requests()).isEmpty();
    assertThat(client.checkProject("example/mytool", "2.3.0").success()).isFalse();
    assertThat(client.checkProject("example/mytool", "2.3.0").message())
        .startsWith("telemetry is local, nothing leaves this computer");
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void enableUploadsWhatWasKeptOldestFirstAndIsRemembered() throws IOException {
    UpkeepClient first = local();
    first.report("example/mytool", "2.3.0").note("n", "1").submit();
    first.flush(WAIT);
    UpkeepClient second = local(); // a later run, still undecided
    second.report("example/mytool", "2.3.0").note("n", "2").submit();
    second.flush(WAIT);
    assertThat(server.requests()).isEmpty();

    assertThat(second.enable()).isEqualTo(ConsentMode.ON);

    Poll.until(WAIT, () -> received().size() == 2, "both reports delivered");
    assertThat(received().stream().map(e -> notes(e).get(0)).collect(Collectors.toList()))
        .containsExactly("n=1", "n=2");
    assertThat(spooled()).isEmpty();
    assertThat(Files.readString(configDir.resolve("apps/mytool/consent"))).isEqualTo("on\n");
    UpkeepClient third = local();
    assertThat(third.consent()).isEqualTo(ConsentMode.ON);
    assertThat(third.status())
        .contains("telemetry: on (saved decision in " + configDir.resolve("apps/mytool/consent"));
  }

  @Test
  void disableDeletesWhatWasKeptAndTheUserIdAndStopsRecording() throws IOException {
    UpkeepClient client = local();
    client.report("example/mytool", "2.3.0").note("n", "1").submit();
    client.flush(WAIT);
    assertThat(spooled()).hasSize(1);
    assertThat(configDir.resolve("user_id")).exists();

    assertThat(client.disable()).isEqualTo(ConsentMode.OFF);
    client.addBreadcrumb("example/mytool", "2.3.0");
    client.flush(WAIT);

    assertThat(spooled()).isEmpty();
    assertThat(configDir.resolve("user_id")).doesNotExist();
    assertThat(local().consent()).isEqualTo(ConsentMode.OFF);
    assertThat(client.enable()).isEqualTo(ConsentMode.ON);
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void optOutVariablesWinOverASavedDecisionToUpload() {
    local().enable();

    UpkeepClient client =
        built(builder(Map.of("DO_NOT_TRACK", "1")).defaultConsent(ConsentMode.LOCAL));

    assertThat(client.consent()).isEqualTo(ConsentMode.OFF);
    assertThat(client.enable()).isEqualTo(ConsentMode.OFF);
    assertThat(client.status()).contains("telemetry: off (DO_NOT_TRACK=1)");
  }

  @Test
  void theAppsVariableWinsOverTheSavedDecision() {
    local().enable();

    UpkeepClient client =
        built(builder(Map.of("MYTOOL_TELEMETRY", "local")).consentVariable("MYTOOL_TELEMETRY"));

    assertThat(client.consent()).isEqualTo(ConsentMode.LOCAL);
    assertThat(client.status())
        .contains("telemetry: local (MYTOOL_TELEMETRY=local)")
        .contains(
            "precedence: DO_NOT_TRACK > UPKEEP_OPTOUT > MYTOOL_TELEMETRY > saved decision (on)"
                + " > application default (on)");
  }

  @Test
  void anUnwritableConfigDirectoryMeansOffQuietly() throws IOException {
    Files.createDirectories(configDir.resolve("apps"));
    Files.writeString(configDir.resolve("apps/mytool"), "a file where the directory should be");
    UpkeepClient client = built(builder(Map.of()));
    client.addBreadcrumb("example/mytool", "2.3.0");
    client.flush(WAIT);

    assertThat(client.consent()).isEqualTo(ConsentMode.OFF);
    assertThat(client.status())
        .contains("config directory " + configDir.resolve("apps/mytool") + " is not writable");
    assertThat(server.requests()).isEmpty();
    assertThat(stderr.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void theNoticeIsPrintedOnceWhileUndecidedAndOnlyWhenInteractive() {
    UpkeepClient quiet = local();
    quiet.addBreadcrumb("example/mytool", "2.3.0");
    assertThat(stderr.size()).isZero();

    UpkeepClient shown =
        built(
            builder(Map.of())
                .defaultConsent(ConsentMode.LOCAL)
                .interactive(true)
                .noticeCommands("mytool telemetry on", "mytool telemetry off"));
    assertThat(stderr.size()).isZero(); // nothing before the first event
    shown.addBreadcrumb("example/mytool", "2.3.0");
    shown.addBreadcrumb("example/mytool", "2.3.0");
    built(builder(Map.of()).defaultConsent(ConsentMode.LOCAL).interactive(true))
        .addBreadcrumb("example/mytool", "2.3.0");

    assertThat(stderr.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            "Uploading usage statistics of mytool is currently disabled.\n"
                + "Please help us by providing anonymous usage statistics; you can enable this\n"
                + "by running:\n"
                + "    mytool telemetry on\n"
                + "If you do not want them kept on this computer either, you can run:\n"
                + "    mytool telemetry off\n"
                + "Nothing will be uploaded before you opt in.\n"
                + "This message is shown once.\n");
    assertThat(configDir.resolve("apps/mytool/notice-shown")).exists();
  }

  @Test
  void noNoticeOnceTheUserHasDecided() {
    local().enable();

    built(builder(Map.of()).interactive(true)).addBreadcrumb("example/mytool", "2.3.0");

    assertThat(stderr.size()).isZero();
  }

  @Test
  void aReportKeepsItsPairsInOrderWithDuplicatesAndAddsTheFlags() {
    UpkeepClient client = built(builder(Map.of()));

    client
        .report("example/mytool", "2.3.0")
        .note("command", "convert")
        .note("url:path", "a:b")
        .note("command", "zürich\nline two")
        .submit(ReportFlag.OS, ReportFlag.JAVA, ReportFlag.SESSION_TIME);
    client.flush(WAIT);

    WireEvent e = received().get(0);
    assertThat(e.kind()).isEqualTo("report");
    assertThat(e.status()).isEqualTo("C");
    List<String> notes = notes(e);
    assertThat(notes.subList(0, 3))
        .containsExactly("command=convert", "url:path=a:b", "command=zürich line two");
    assertThat(notes.subList(3, notes.size()))
        .extracting(n -> n.substring(0, n.indexOf('=')))
        .containsExactly("system", "architecture", "java", "session_time");
    assertThat(notes.get(6)).matches("session_time=\\d+\\.\\d{3}");
  }

  @Test
  void migasHasNoPlaceForReports() {
    UpkeepClient client = built(builder(Map.of()).protocol(Protocol.MIGAS));

    client.report("example/mytool", "2.3.0").note("a", "b").submit();

    assertThat(client.stats().rejected()).isEqualTo(1);
    assertThat(client.flush(WAIT)).isTrue();
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void aSilencedProjectRecordsNothingInsideTheScopeOnly() throws Exception {
    UpkeepClient client = built(builder(Map.of()));

    try (Silence s = Upkeep.silence("example/dependency")) {
      client.addBreadcrumb("example/dependency", "1.0");
      client.track("example/dependency", "1.0").close();
      client.addBreadcrumb("example/mytool", "2.3.0");
      AtomicBoolean childRecorded = new AtomicBoolean();
      Thread child =
          new Thread(
              () -> {
                client.addBreadcrumb("example/dependency", "1.0");
                childRecorded.set(client.stats().queued() > 1);
              });
      child.start();
      child.join();
      assertThat(childRecorded).isFalse();
    }
    client.addBreadcrumb("example/dependency", "1.0");
    client.flush(WAIT);

    assertThat(received())
        .extracting(WireEvent::project)
        .containsExactly("example/mytool", "example/dependency");
  }

  @Test
  void silencingTheAppSilencesEveryProjectOfItsClient() {
    UpkeepClient client = built(builder(Map.of()).app("silenced-app-test", "1"));

    Upkeep.silenceEverywhere("silenced-app-test");
    client.addBreadcrumb("example/mytool", "2.3.0");

    assertThat(client.flush(WAIT)).isTrue();
    assertThat(server.requests()).isEmpty();
  }
}
