package dev.upkeep.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium driven by Debian's chromedriver, for browser tests: {@code
 * /usr/bin/chromium} through {@code /usr/bin/chromedriver}, both given explicitly so that Selenium
 * Manager (which would try to download a driver and a browser) is never invoked.
 *
 * <p>The browser runs with {@link #FLAGS}: headless, no sandbox (tests may run as root), no GPU, no
 * {@code /dev/shm}, no background, component-update, sync or QUIC traffic (the network is closed
 * but for the test's own servers), on a fresh profile in a temporary directory that {@link
 * #close()} deletes.
 *
 * <p>When either program is missing, {@link #start()} skips the test with an assumption naming the
 * {@value #INSTALL} command, and fails it instead under {@code CI=true}, where a skipped browser
 * test would hide a broken build machine. Not thread-safe: one test thread drives it.
 */
final class HeadlessChromium implements AutoCloseable {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final String INSTALL = "apt-get install -y chromium chromium-driver";

  /** The browser's command-line flags, besides {@code --user-data-dir}. */
  static final List<String> FLAGS =
      List.of(
          "--headless=new",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-dev-shm-usage",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--no-first-run",
          "--disable-quic",
          "--window-size=1024,1100",
          "--lang=en-US");

  /**
   * Quiets "Unable to find CDP implementation matching 156": the tests use no DevTools, so no
   * {@code selenium-devtools-v*} jar is on the class path. Held here so the setting is not
   * collected with the logger.
   */
  private static final Logger CDP_VERSION_FINDER =
      Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

  static {
    CDP_VERSION_FINDER.setLevel(Level.SEVERE);
  }

  private final Path profile;
  private final ChromeDriverService service;
  private final ChromeDriver driver;

  private HeadlessChromium(Path profile, ChromeDriverService service, ChromeDriver driver) {
    this.profile = profile;
    this.service = service;
    this.driver = driver;
  }

  /**
   * Starts chromedriver and a browser on a fresh profile.
   *
   * @throws org.opentest4j.TestAbortedException when Chromium is not installed and {@code CI} is
   *     not {@code true}
   * @throws AssertionError when Chromium is not installed under {@code CI=true}
   */
  static HeadlessChromium start() throws IOException {
    requireInstalled();
    Path profile = Files.createTempDirectory("upkeep-chromium-");
    ChromeDriverService service = null;
    try {
      service =
          new ChromeDriverService.Builder()
              .usingDriverExecutable(CHROMEDRIVER.toFile())
              .usingAnyFreePort()
              .build();
      List<String> args = new ArrayList<>(FLAGS);
      args.add("--user-data-dir=" + profile);
      ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments(args);
      return new HeadlessChromium(profile, service, new ChromeDriver(service, options));
    } catch (RuntimeException | Error e) {
      if (service != null) {
        service.stop();
      }
      deleteTree(profile);
      throw e;
    }
  }

  /** Skips the test, or fails it under {@code CI=true}, unless both programs are installed. */
  private static void requireInstalled() {
    List<String> missing = new ArrayList<>();
    for (Path p : List.of(CHROMIUM, CHROMEDRIVER)) {
      if (!Files.isExecutable(p)) {
        missing.add(p.toString());
      }
    }
    if (missing.isEmpty()) {
      return;
    }
    String why =
        "this browser test needs Debian's chromium and chromium-driver, but "
            + String.join(" and ", missing)
            + (missing.size() == 1 ? " is" : " are")
            + " missing; install them with `"
            + INSTALL
            + "` (.ci/run does)";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new AssertionError("CI=true and " + why);
    }
    Assumptions.abort(why);
  }

  ChromeDriver driver() {
    return driver;
  }

  /** Saves a PNG of the viewport to {@code file}, creating its directory; returns the file. */
  Path screenshot(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
    return file;
  }

  /** Quits the browser, stops chromedriver and deletes the profile. Never throws. */
  @Override
  public void close() {
    try {
      driver.quit();
    } catch (RuntimeException e) {
      // the browser is gone already
    } finally {
      service.stop();
      deleteTree(profile);
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort: it is a temporary directory
    }
  }
}
