package dev.upkeep.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.upkeep.client.ConsentMode;
import dev.upkeep.client.EnrollmentResult;
import dev.upkeep.client.UpkeepClient;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Upkeep's own enrollment as a user lives it: the Java client, consent LOCAL, keeps a breadcrumb
 * and a report on disk; {@link UpkeepClient#enroll} opens the collector's consent page, which
 * Debian's headless Chromium answers; the browser lands on the client's {@code 127.0.0.1} redirect
 * (OAuth 2.0 authorization code with PKCE, RFC 7636 and RFC 8252). Allow enrolls the install and
 * uploads what was kept; Deny leaves the client LOCAL and the collector empty.
 *
 * <p>{@code enroll} blocks until the browser comes back, so it runs on a thread of its own; the
 * client's {@link UpkeepClient.Builder#browser} hands the consent page's address to the test
 * thread, which drives Chromium. A screenshot of the consent page is left in {@code
 * target/enrollment-consent.png}.
 */
class EnrollmentBrowserIT {
  private static final String PROJECT = "upkeep/tracked-cli";
  private static final Duration PAGE_WAIT = Duration.ofSeconds(15);
  private static final Path SCREENSHOT = Path.of("target", "enrollment-consent.png");

  @TempDir Path data;
  @TempDir Path tmp;

  /** The consent pages the client asked to open, for the test thread to navigate to. */
  private final BlockingQueue<URI> opened = new LinkedBlockingQueue<>();

  private final ExecutorService enrolling =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "enroll");
            t.setDaemon(true);
            return t;
          });

  private HeadlessChromium chromium;
  private RunningServer server;

  @BeforeEach
  void start() throws IOException {
    chromium = HeadlessChromium.start(); // skips (or fails under CI=true) without Chromium
    server = RunningServer.start(data);
    server.register(PROJECT, "1.0.0");
  }

  @AfterEach
  void stop() {
    enrolling.shutdownNow();
    if (chromium != null) {
      chromium.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private UpkeepClient.Builder client() {
    return UpkeepClient.builder()
        .endpoint(server.url())
        .app("tracked-cli", "1.0.0")
        .environment(Map.of())
        .configDir(tmp.resolve("config"))
        .spoolDir(tmp.resolve("spool"))
        .shutdownHook(false)
        .defaultConsent(ConsentMode.LOCAL)
        .enrollmentTimeout(Duration.ofMinutes(1))
        .browser(opened::add);
  }

  @Test
  void allowingEnrollsTheClientAndUploadsWhatItKept() throws Exception {
    UpkeepClient client = client().build();
    keepWhileLocal(client);

    Future<EnrollmentResult> result = enrolling.submit(() -> client.enroll(PROJECT));
    URI consentPage = consentPageOpened();
    String callback = redirectUri(consentPage);
    WebDriver browser = chromium.driver();
    browser.get(consentPage.toString());
    WebElement allow = page().until(ExpectedConditions.elementToBeClickable(By.id("allow")));
    assertThat(bodyText()).contains(PROJECT);
    chromium.screenshot(SCREENSHOT);
    allow.click();

    page().until(d -> d.getCurrentUrl().startsWith(callback + "?"));
    page()
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.tagName("body"), "Enrollment complete"));
    assertThat(browser.getCurrentUrl()).contains("code=").doesNotContain("error=");

    EnrollmentResult enrolled = result.get(30, TimeUnit.SECONDS);
    assertThat(enrolled.enrolled()).as(enrolled.reason()).isTrue();
    assertThat(enrolled.installId()).startsWith("in_");
    assertThat(client.consent()).isEqualTo(ConsentMode.ON);

    // what LOCAL kept goes up by itself, with the install's token
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(StoredEvents.all(data))
                    .extracting(StoredEvents.Row::attributes)
                    .hasSize(2)
                    .anySatisfy(a -> assertThat(a).contains("before-enrollment"))
                    .anySatisfy(a -> assertThat(a).contains("convert")));
    assertThat(installs()).containsExactly(enrolled.installId() + " upkeep " + PROJECT);

    List<Path> credentials = credentialFiles();
    assertThat(credentials).hasSize(1);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials.get(0))))
        .isEqualTo("rw-------");
    // the decision is saved: the app's next run starts uploading
    assertThat(client().deliverSpoolAtStart(false).build().consent()).isEqualTo(ConsentMode.ON);
  }

  @Test
  void denyingLeavesTheClientLocalAndStoresNothing() throws Exception {
    UpkeepClient client = client().build();
    keepWhileLocal(client);

    Future<EnrollmentResult> result = enrolling.submit(() -> client.enroll(PROJECT));
    URI consentPage = consentPageOpened();
    String callback = redirectUri(consentPage);
    WebDriver browser = chromium.driver();
    browser.get(consentPage.toString());
    page().until(ExpectedConditions.elementToBeClickable(By.id("deny"))).click();

    page().until(d -> d.getCurrentUrl().startsWith(callback + "?"));
    page()
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.tagName("body"), "Enrollment failed"));
    assertThat(browser.getCurrentUrl()).contains("error=access_denied").doesNotContain("code=");

    EnrollmentResult denied = result.get(30, TimeUnit.SECONDS);
    assertThat(denied.enrolled()).as(denied.reason()).isFalse();
    assertThat(denied.installId()).isNull();
    assertThat(denied.reason()).containsIgnoringCase("declined");
    assertThat(client.consent()).isEqualTo(ConsentMode.LOCAL);

    client.flush(Duration.ofSeconds(5));
    assertThat(StoredEvents.all(data)).isEmpty();
    assertThat(installs()).isEmpty();
    assertThat(credentialFiles()).isEmpty();
    assertThat(spooled()).as("still kept on this computer").isNotEmpty();
  }

  /** A breadcrumb and a report while LOCAL: kept on disk, nothing sent. */
  private void keepWhileLocal(UpkeepClient client) throws Exception {
    assertThat(client.consent()).isEqualTo(ConsentMode.LOCAL);
    client.addBreadcrumb(PROJECT, "1.0.0", Map.of("step", "before-enrollment"));
    client.report(PROJECT, "1.0.0").note("command", "convert").submit();
    client.flush(Duration.ofSeconds(5));
    assertThat(spooled()).isNotEmpty();
    assertThat(StoredEvents.all(data)).isEmpty();
  }

  /** The consent page's address as the client handed it to its browser opener. */
  private URI consentPageOpened() throws InterruptedException {
    URI uri = opened.poll(30, TimeUnit.SECONDS);
    assertThat(uri).as("the consent page the client asked to open").isNotNull();
    assertThat(uri.toString()).startsWith(server.url() + "/oauth/authorize?");
    return uri;
  }

  /** The authorization request's {@code redirect_uri}: the client's loopback callback. */
  private static String redirectUri(URI authorize) {
    for (String pair : authorize.getRawQuery().split("&")) {
      if (pair.startsWith("redirect_uri=")) {
        String value =
            URLDecoder.decode(pair.substring("redirect_uri=".length()), StandardCharsets.UTF_8);
        assertThat(value).startsWith("http://127.0.0.1:");
        return value;
      }
    }
    throw new AssertionError("no redirect_uri in " + authorize);
  }

  private WebDriverWait page() {
    WebDriverWait wait = new WebDriverWait(chromium.driver(), PAGE_WAIT);
    wait.withMessage(
        () -> "the browser is at " + chromium.driver().getCurrentUrl() + ": " + bodyText());
    return wait;
  }

  private String bodyText() {
    try {
      return chromium.driver().findElement(By.tagName("body")).getText();
    } catch (RuntimeException e) {
      return "(no page: " + e.getMessage() + ")";
    }
  }

  /** The collector's installs as "id flow project", oldest first. */
  private List<String> installs() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("upkeep.db"));
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT i.id, i.flow, p.name FROM installs i JOIN projects p"
                    + " ON p.id = i.project_id ORDER BY i.created_at, i.id")) {
      List<String> rows = new ArrayList<>();
      while (rs.next()) {
        rows.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3));
      }
      return rows;
    }
  }

  /** The client's credential files (the file store: there is no keyring here). */
  private List<Path> credentialFiles() throws IOException {
    return filesUnder(tmp.resolve("config"), "credentials-");
  }

  private List<Path> spooled() throws IOException {
    return filesUnder(tmp.resolve("spool"), "batch-");
  }

  private static List<Path> filesUnder(Path dir, String prefix) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile)
          .filter(p -> p.getFileName().toString().startsWith(prefix))
          .collect(Collectors.toList());
    }
  }
}
