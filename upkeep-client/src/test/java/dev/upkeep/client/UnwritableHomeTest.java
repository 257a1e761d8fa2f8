package dev.upkeep.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client whose home (config and spool directories) is read-only or full turns itself off or
 * degrades quietly: tracking calls never throw, nothing is printed, and {@code status()} says why.
 * The disks are real tmpfs mounts where the test may mount (root); elsewhere the read-only case
 * uses a config "directory" that is a file, whose writes fail the same way.
 */
class UnwritableHomeTest {
  @TempDir Path tmp;
  Path mount;
  boolean mounted;
  final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

  @AfterEach
  void unmount() throws Exception {
    if (mounted) {
      run("umount", mount.toString());
    }
  }

  UpkeepClient client(Path home, String endpoint) {
    return UpkeepClient.builder()
        .endpoint(endpoint)
        .app("mytool", "2.3.0")
        .configDir(home.resolve("config"))
        .spoolDir(home.resolve("spool"))
        .environment(Map.of())
        .defaultConsent(ConsentMode.ON)
        .shutdownHook(false)
        .deliverSpoolAtStart(false)
        .interactive(false)
        .stderr(new PrintStream(stderr, true, StandardCharsets.UTF_8))
        .linger(Duration.ofMillis(20))
        .build();
  }

  static void useIt(UpkeepClient c) {
    assertThatCode(
            () -> {
              c.addBreadcrumb("example/mytool", "2.3.0");
              c.report("example/mytool", "2.3.0").note("command", "convert").submit();
              c.track("example/mytool", "2.3.0").close();
              c.flush(Duration.ofSeconds(5));
              c.status();
              c.enable();
              c.addBreadcrumb("example/mytool", "2.3.0");
              c.flush(Duration.ofSeconds(5));
            })
        .doesNotThrowAnyException();
  }

  @Test
  void readOnlyHomeTurnsTheClientOff() throws Exception {
    mount = Files.createDirectories(tmp.resolve("home"));
    String why = run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mount.toString());
    Assumptions.assumeTrue(why == null, "cannot mount a tmpfs (needs root): " + why);
    mounted = true;
    assertThat(run("mount", "-o", "remount,ro", mount.toString())).isNull();

    UpkeepClient c = client(mount, "http://127.0.0.1:" + closedPort());
    useIt(c);

    assertThat(c.enabled()).isFalse();
    assertThat(c.status())
        .contains("config directory " + mount.resolve("config"))
        .contains("is not writable");
    assertThat(stderr.toString(StandardCharsets.UTF_8)).isEmpty();
    try (var files = Files.list(mount)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void homeWhoseWritesFailTurnsTheClientOff() throws Exception {
    Path home = Files.createDirectories(tmp.resolve("home"));
    Files.writeString(home.resolve("config"), "a file where the directory should be");

    UpkeepClient c = client(home, "http://127.0.0.1:" + closedPort());
    useIt(c);

    assertThat(c.enabled()).isFalse();
    assertThat(c.status()).contains("is not writable");
    assertThat(stderr.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void fullHomeDropsWhatItCannotSpoolAndCountsIt() throws Exception {
    mount = Files.createDirectories(tmp.resolve("home"));
    String why = run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", mount.toString());
    Assumptions.assumeTrue(why == null, "cannot mount a tmpfs (needs root): " + why);
    mounted = true;
    UpkeepClient c = client(mount, "http://127.0.0.1:" + closedPort());
    fill(mount.resolve("filler"));

    useIt(c);

    assertThat(c.stats().toString()).doesNotContain("dropped from spool 0");
    assertThat(c.status()).contains("dropped from spool");
    assertThat(stderr.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  private static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static void fill(Path file) throws IOException {
    byte[] block = new byte[4096];
    try (OutputStream out = Files.newOutputStream(file)) {
      while (true) {
        out.write(block);
      }
    } catch (IOException e) {
      if (!String.valueOf(e.getMessage()).contains("No space left")) {
        throw e;
      }
    }
  }

  private static String run(String... command) throws Exception {
    Process p;
    try {
      p = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      return e.getMessage();
    }
    String out = new String(p.getInputStream().readAllBytes()).trim();
    return p.waitFor() == 0 ? null : out + " (exit " + p.exitValue() + ")";
  }
}
