package dev.upkeep.server.faults;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.upkeep.server.testing.TestServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The data disk fails under a running collector: ingest answers 503 with {@code Retry-After}, logs
 * one line, keeps every event it acknowledged and nothing of a refused request, and resumes by
 * itself once the disk takes writes again.
 *
 * <p>The full disk is real: a 2 MiB tmpfs (this needs root, as in CI; elsewhere the test is skipped
 * and {@code StorageFaultsIT} covers the same path with {@code PRAGMA max_page_count}). A read-only
 * remount is refused by Linux while SQLite holds its files open for writing (EBUSY), so the
 * read-only case uses SQLite's own read-only condition: the database file moved away under the open
 * connections ({@code SQLITE_READONLY_DBMOVED}), moved back to recover.
 */
class DiskFaultIT {
  @TempDir Path dir;
  Path mount;
  boolean mounted;
  TestServer server;
  ListAppender<ILoggingEvent> log;
  int batch;
  final Set<String> acknowledged = new HashSet<>();
  final Set<String> refused = new HashSet<>();

  @BeforeEach
  void captureLog() {
    log = new ListAppender<>();
    log.start();
    ((Logger) LoggerFactory.getLogger("dev.upkeep.server")).addAppender(log);
  }

  @AfterEach
  void cleanUp() throws Exception {
    ((Logger) LoggerFactory.getLogger("dev.upkeep.server")).detachAppender(log);
    if (server != null) {
      server.close();
    }
    if (mounted) {
      run("umount", mount.toString());
    }
  }

  @Test
  void fullDiskAnswers503KeepsWhatWasAcknowledgedAndRecovers() throws Exception {
    mount = Files.createDirectories(dir.resolve("disk"));
    String why = run("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", mount.toString());
    Assumptions.assumeTrue(
        why == null,
        "cannot mount a tmpfs to fill (needs root with CAP_SYS_ADMIN; StorageFaultsIT covers the"
            + " path with PRAGMA max_page_count): "
            + why);
    mounted = true;
    server = TestServer.start(mount.resolve("data"), Duration.ofHours(1));
    server.register("nipreps/fmriprep");
    for (int i = 0; i < 5; i++) {
      assertThat(post().statusCode()).isEqualTo(200);
    }
    Path filler = mount.resolve("filler");
    fill(filler);

    HttpResponse<String> full = null;
    for (int i = 0; i < 200 && full == null; i++) {
      HttpResponse<String> r = post();
      if (r.statusCode() == 503) {
        full = r;
      } else {
        assertThat(r.statusCode()).isEqualTo(200);
      }
    }
    assertThat(full).as("a 503 once the disk is full").isNotNull();
    assertThat(full.headers().firstValue("Retry-After")).contains("10");
    assertThat(full.body()).contains("disk full").contains("nothing of this request was stored");
    for (int i = 0; i < 20; i++) {
      HttpResponse<String> r = post();
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(r.headers().firstValue("Retry-After")).contains("10");
    }
    assertThat(errorLines()).hasSize(1);
    assertThat(errorLines().get(0)).contains("ingest paused").contains("disk full");

    Files.delete(filler);
    server.clock.advance(Duration.ofSeconds(10));
    Awaitility.await()
        .atMost(30, TimeUnit.SECONDS)
        .untilAsserted(() -> assertThat(post().statusCode()).isEqualTo(200));
    assertThat(post().statusCode()).isEqualTo(200);
    assertThat(errorLines()).hasSize(1);
    assertThat(infoLines()).anySatisfy(l -> assertThat(l).contains("ingest resumed"));

    assertStoredExactlyTheAcknowledged();
  }

  @Test
  void diskTurnedReadOnlyAnswers503AndLosesNothingAcknowledged() throws Exception {
    mount = Files.createDirectories(dir.resolve("disk"));
    Path image = dir.resolve("disk.img");
    String why = run("truncate", "-s", "16M", image.toString());
    why = why != null ? why : run("mkfs.ext4", "-q", "-F", image.toString());
    why =
        why != null
            ? why
            : run("mount", "-o", "loop,errors=remount-ro", image.toString(), mount.toString());
    Assumptions.assumeTrue(
        why == null,
        "cannot mount an ext4 image on a loop device (needs root, loop devices and mkfs.ext4;"
            + " StorageFaultsIT covers the read-only path with a read-only SQLite connection): "
            + why);
    mounted = true;
    server = TestServer.start(mount.resolve("data"), Duration.ofHours(1));
    server.register("nipreps/fmriprep");
    for (int i = 0; i < 3; i++) {
      assertThat(post().statusCode()).isEqualTo(200);
    }
    // what a failing disk does: ext4 turns itself read-only under the open files
    String device = run("findmnt", "-n", "-o", "SOURCE", mount.toString());
    Path trigger =
        Path.of(
            "/sys/fs/ext4", Path.of(findmnt(mount)).getFileName().toString(), "trigger_fs_error");
    Assumptions.assumeTrue(Files.exists(trigger), "no " + trigger + " " + device);
    Files.writeString(trigger, "1");

    HttpResponse<String> r = post();
    assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
    assertThat(r.headers().firstValue("Retry-After")).contains("10");
    for (int i = 0; i < 10; i++) {
      assertThat(post().statusCode()).isEqualTo(503);
    }
    assertThat(errorLines()).hasSize(1);
    assertThat(errorLines().get(0)).contains("ingest paused");

    // Linux will not remount an emergency read-only file system read-write while files are
    // open on it: the operator restarts the collector once the disk is fixed
    server.close();
    server = null;
    assertThat(run("umount", mount.toString())).isNull();
    mounted = false;
    assertThat(run("mount", "-o", "loop", image.toString(), mount.toString())).isNull();
    mounted = true;
    server = TestServer.start(mount.resolve("data"), Duration.ofHours(1));
    assertStoredExactlyTheAcknowledged();
    assertThat(post().statusCode()).isEqualTo(200);
  }

  private static String findmnt(Path mount) throws Exception {
    Process p = new ProcessBuilder("findmnt", "-n", "-o", "SOURCE", mount.toString()).start();
    String out = new String(p.getInputStream().readAllBytes()).trim();
    p.waitFor();
    return out;
  }

  /** Posts a batch of 20 events of about 2 KiB each, remembering their ids by outcome. */
  private HttpResponse<String> post() throws IOException {
    List<String> ids = new ArrayList<>();
    StringBuilder body = new StringBuilder("[");
    for (int i = 0; i < 20; i++) {
      String id = "b" + batch + "-e" + i;
      ids.add(id);
      body.append(i == 0 ? "" : ",")
          .append("{\"id\":\"")
          .append(id)
          .append("\",\"project\":\"nipreps/fmriprep\",\"version\":\"1.0.")
          .append(batch)
          .append("\",\"user_id\":\"u")
          .append(batch)
          .append('-')
          .append(i)
          .append("\",\"error_desc\":\"")
          .append("x".repeat(2000))
          .append("\"}");
    }
    batch++;
    HttpResponse<String> r =
        server.post("/v1/events", "application/json", body.append("]").toString());
    (r.statusCode() == 200 ? acknowledged : refused).addAll(ids);
    return r;
  }

  private void assertStoredExactlyTheAcknowledged() throws Exception {
    Set<String> stored = new HashSet<>();
    for (List<String> row : server.rows("SELECT event_id FROM events")) {
      stored.add(row.get(0));
    }
    assertThat(stored).containsAll(acknowledged);
    assertThat(stored).doesNotContainAnyElementsOf(refused);
    assertThat(stored).hasSameSizeAs(acknowledged);
  }

  private List<String> errorLines() {
    return lines(Level.ERROR);
  }

  private List<String> infoLines() {
    return lines(Level.INFO);
  }

  private List<String> lines(Level level) {
    return log.list.stream()
        .filter(e -> e.getLevel() == level)
        .map(ILoggingEvent::getFormattedMessage)
        .toList();
  }

  /** Writes zeros to {@code file} until the file system is full. */
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

  /** Runs a command; null when it succeeded, else what it printed. */
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
