package dev.upkeep.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upkeep.client.internal.LocalHttpServer;
import dev.upkeep.client.internal.LocalHttpServer.Reply;
import dev.upkeep.client.internal.Poll;
import dev.upkeep.protocol.EventBatch;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link UpkeepClient#enroll} wired to the sender (bearer tokens, the fall back to LOCAL when a
 * refresh is refused) and inspect mode, against a real local server playing the token endpoint and
 * {@code /v1/events}. The real collector and a real browser are in upkeep-it.
 */
class EnrollAndInspectTest {
  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final String PROJECT = "example/mytool";

  @TempDir Path tmp;

  private LocalHttpServer server;
  private final AtomicInteger refreshes = new AtomicInteger();
  private volatile int expiresIn = 3600;
  private volatile boolean refuseRefresh;
  private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
  private final List<UpkeepClient> clients = new ArrayList<>();

  @BeforeEach
  void start() throws IOException {
    server = LocalHttpServer.start(this::answer);
  }

  @AfterEach
  void stop() {
    for (UpkeepClient c : clients) {
      c.flush(WAIT);
    }
    server.close();
  }

  private Reply answer(LocalHttpServer.Request r) {
    if (r.path().equals("/oauth/token")) {
      Map<String, String> form = form(r.body);
      if (form.get("grant_type").equals("refresh_token")) {
        refreshes.incrementAndGet();
        if (refuseRefresh) {
          return Reply.of(400, "{\"error\":\"invalid_grant\",\"error_description\":\"revoked\"}");
        }
      }
      return Reply.of(
          200,
          "{\"access_token\":\"ua_token"
              + refreshes.get()
              + "\",\"token_type\":\"Bearer\",\"expires_in\":"
              + expiresIn
              + ",\"refresh_token\":\"ur_refresh"
              + refreshes.get()
              + "\",\"scope\":\"usage\",\"install_id\":\"in_test\"}");
    }
    if (r.path().equals("/v1/events")) {
      int n = EventBatch.decode(r.body).size();
      return Reply.of(200, "{\"received\":" + n + ",\"stored\":" + n + "}");
    }
    return Reply.of(404, "{}");
  }

  private static Map<String, String> form(String body) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      m.put(
          URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return m;
  }

  /** Plays the user's browser: "allows" at once by following the redirect with a code. */
  private static void allow(URI authorize) {
    Map<String, String> q = form(authorize.getRawQuery());
    URI back =
        URI.create(
            q.get("redirect_uri")
                + "?code=ac_code&state="
                + java.net.URLEncoder.encode(q.get("state"), StandardCharsets.UTF_8));
    Thread browser =
        new Thread(
            () -> {
              try {
                HttpURLConnection c = (HttpURLConnection) back.toURL().openConnection();
                c.getResponseCode();
                c.disconnect();
              } catch (IOException e) {
                // the test sees the enrollment fail
              }
            });
    browser.setDaemon(true);
    browser.start();
  }

  private UpkeepClient.Builder builder(Map<String, String> env) {
    return UpkeepClient.builder()
        .endpoint(server.url())
        .app("mytool", "2.3.0")
        .configDir(tmp.resolve("config"))
        .spoolDir(tmp.resolve("spool"))
        .environment(env)
        .shutdownHook(false)
        .deliverSpoolAtStart(false)
        .interactive(false)
        .stderr(new PrintStream(stderr, true, StandardCharsets.UTF_8))
        .defaultConsent(ConsentMode.LOCAL)
        .browser(EnrollAndInspectTest::allow)
        .enrollmentTimeout(WAIT)
        .linger(Duration.ofMillis(20));
  }

  private UpkeepClient built(UpkeepClient.Builder b) {
    UpkeepClient c = b.build();
    clients.add(c);
    return c;
  }

  private List<String> eventAuthorizations() {
    return server.requests().stream()
        .filter(r -> r.path().equals("/v1/events"))
        .map(r -> String.valueOf(r.header("Authorization")))
        .collect(Collectors.toList());
  }

  private long spooledFiles() throws IOException {
    Path spool = tmp.resolve("spool");
    if (!Files.isDirectory(spool)) {
      return 0;
    }
    try (Stream<Path> s = Files.list(spool)) {
      return s.count();
    }
  }

  @Test
  void enrollingTurnsUploadsOnAndSendsWhatWasKeptWithTheInstallToken() throws IOException {
    UpkeepClient client = built(builder(Map.of()));
    client.addBreadcrumb(PROJECT, "2.3.0");
    client.flush(WAIT);
    assertThat(eventAuthorizations()).isEmpty();

    EnrollmentResult result = client.enroll(PROJECT);

    assertThat(result.enrolled()).as(result.reason()).isTrue();
    assertThat(result.installId()).isEqualTo("in_test");
    assertThat(client.consent()).isEqualTo(ConsentMode.ON);
    client.addBreadcrumb(PROJECT, "2.3.0");
    client.flush(WAIT);
    assertThat(eventAuthorizations()).isNotEmpty().containsOnly("Bearer ua_token0");
    assertThat(client.status()).contains("enrollment: enrolled for " + PROJECT);
    Path app = tmp.resolve("config/apps/mytool");
    assertThat(Files.readString(app.resolve("enrolled"))).isEqualTo(PROJECT + "\n");
    try (Stream<Path> s = Files.list(app)) {
      Path credentials =
          s.filter(p -> p.getFileName().toString().startsWith("credentials-")).findFirst().get();
      assertThat(Files.getPosixFilePermissions(credentials))
          .containsExactlyInAnyOrder(
              java.nio.file.attribute.PosixFilePermission.OWNER_READ,
              java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
      assertThat(Files.readString(credentials)).doesNotContain("code_verifier");
    }

    UpkeepClient nextRun = built(builder(Map.of()));
    nextRun.addBreadcrumb(PROJECT, "2.3.0");
    nextRun.flush(WAIT);
    assertThat(nextRun.consent()).isEqualTo(ConsentMode.ON);
    assertThat(eventAuthorizations()).containsOnly("Bearer ua_token0");
  }

  @Test
  void aRefusedRefreshFallsBackToLocalAndKeepsTheEvents() throws IOException {
    expiresIn = 1; // within the refresh margin at once
    refuseRefresh = true;
    UpkeepClient client = built(builder(Map.of()));
    assertThat(client.enroll(PROJECT).enrolled()).isTrue();

    client.addBreadcrumb(PROJECT, "2.3.0");
    client.flush(WAIT);
    Poll.until(WAIT, () -> client.consent() == ConsentMode.LOCAL, "fall back to LOCAL");

    assertThat(refreshes.get()).isEqualTo(1);
    assertThat(eventAuthorizations()).isEmpty();
    assertThat(spooledFiles()).isEqualTo(1);
    assertThat(client.status())
        .contains("telemetry: local (saved decision in ")
        .contains("enrollment: not enrolled");
    assertThat(tmp.resolve("config/apps/mytool/enrolled")).doesNotExist();
  }

  @Test
  void enrollingIsRefusedWhenAnOptOutVariableIsSet() {
    UpkeepClient client = built(builder(Map.of("DO_NOT_TRACK", "1")));

    EnrollmentResult result = client.enroll(PROJECT);

    assertThat(result.enrolled()).isFalse();
    assertThat(result.reason()).isEqualTo("telemetry is off: DO_NOT_TRACK=1");
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void inspectModePrintsTheRequestAndSendsNothing() throws IOException {
    UpkeepClient client =
        built(builder(Map.of("UPKEEP_INSPECT", "1")).defaultConsent(ConsentMode.ON));

    client.addBreadcrumb(PROJECT, "2.3.0", Map.of("command", "convert"));
    assertThat(client.flush(WAIT)).isTrue();

    String printed = stderr.toString(StandardCharsets.UTF_8);
    assertThat(printed)
        .startsWith("upkeep inspect: not sent:\nPOST " + server.url() + "/v1/events\n")
        .contains("Content-Type: application/json\n\n[{\"id\":\"")
        .contains("\"project\":\"example/mytool\"")
        .contains("\"attributes\":[[\"command\",\"convert\"]]");
    assertThat(server.requests()).isEmpty();
    assertThat(client.status()).contains("inspect: UPKEEP_INSPECT is set");
    assertThat(client.enroll(PROJECT).reason()).startsWith("inspect mode");
  }

  @Test
  void inspectModeLeavesWhatEarlierRunsKeptAlone() throws IOException {
    UpkeepClient local = built(builder(Map.of()));
    local.addBreadcrumb(PROJECT, "2.3.0");
    local.flush(WAIT);
    assertThat(spooledFiles()).isEqualTo(1);

    UpkeepClient inspecting =
        built(
            builder(Map.of("UPKEEP_INSPECT", "yes"))
                .defaultConsent(ConsentMode.ON)
                .deliverSpoolAtStart(true));
    inspecting.addBreadcrumb(PROJECT, "2.3.0");
    inspecting.flush(WAIT);

    assertThat(spooledFiles()).isEqualTo(1);
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void inspectModeSaysWhenNothingWouldBeSent() {
    built(builder(Map.of("UPKEEP_INSPECT", "1")));

    assertThat(stderr.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            "upkeep inspect: telemetry is local (the application's default (undecided)): nothing"
                + " would be sent\n");
  }
}
