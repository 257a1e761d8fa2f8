package dev.upkeep.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durability: a collector in a child JVM under concurrent load is killed with SIGKILL (or stopped
 * with SIGTERM); every breadcrumb that got a 2xx must be in the store afterwards, and the database
 * must open cleanly.
 */
class CrashIT {
  private static final String PROJECT = "nipreps/nipreps";
  private static final int CLIENTS = 8;

  @TempDir Path dir;

  @Test
  void everyAcknowledgedBreadcrumbSurvivesSigkill() throws Exception {
    Load load;
    try (ChildServer child = ChildServer.start(dir)) {
      register(child);
      load = Load.start(child.port, CLIENTS);
      await().atMost(Duration.ofSeconds(60)).until(() -> load.acked.get() >= 500);
      child.kill();
      load.stop();
    }
    assertThat(load.acked.get()).isGreaterThanOrEqualTo(500);

    long stored = countAndCheck(dir.resolve("upkeep.db"));
    assertThat(stored)
        .as("stored breadcrumbs vs acknowledged %d, sent %d", load.acked.get(), load.sent.get())
        .isGreaterThanOrEqualTo(load.acked.get())
        .isLessThanOrEqualTo(load.sent.get());

    try (ChildServer again = ChildServer.start(dir)) {
      assertThat(hits(again.port)).isEqualTo(stored);
    }
  }

  @Test
  void sigtermDrainsTheQueueAndClosesTheStore() throws Exception {
    Load load;
    int exit;
    String output;
    try (ChildServer child = ChildServer.start(dir)) {
      register(child);
      load = Load.start(child.port, CLIENTS);
      await().atMost(Duration.ofSeconds(60)).until(() -> load.acked.get() >= 300);
      exit = child.terminate();
      load.stop();
      output = String.join("\n", child.output);
    }
    assertThat(exit).isIn(0, 143);
    // A clean close checkpoints the WAL into the database file and truncates it.
    Path wal = dir.resolve("upkeep.db-wal");
    assertThat(!Files.exists(wal) || Files.size(wal) == 0).as("WAL checkpointed").isTrue();
    assertThat(countAndCheck(dir.resolve("upkeep.db")))
        .isGreaterThanOrEqualTo(load.acked.get())
        .isLessThanOrEqualTo(load.sent.get());
    assertThat(output).contains("store closed cleanly");
  }

  private void register(ChildServer child) throws IOException {
    String token = child.masterToken(dir);
    RawHttp.Response r =
        RawHttp.send(
            child.port,
            "POST /v1/projects HTTP/1.1",
            List.of(
                "Authorization: Bearer " + token,
                "Content-Type: application/json",
                "Content-Length: 27",
                "Connection: close"),
            "{\"name\":\"nipreps/nipreps\"}\n".getBytes(StandardCharsets.UTF_8));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
  }

  /** Opens the file with plain SQLite, checks its integrity, counts breadcrumbs. */
  private static long countAndCheck(Path db) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
        rs.next();
        assertThat(rs.getString(1)).isEqualTo("ok");
      }
      try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM events")) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static long hits(int port) throws IOException {
    RawHttp.Response r =
        RawHttp.post(
            port,
            "/graphql",
            "application/json",
            "{\"query\":\"query{get_usage(project:\\\""
                + PROJECT
                + "\\\",start:\\\"2000-01-01\\\")}\"}");
    return RunningServer.JSON.readTree(r.body()).at("/data/get_usage/hits").asLong();
  }

  /** Client threads posting migas REST breadcrumbs as fast as they are answered. */
  private static final class Load {
    final AtomicLong sent = new AtomicLong();
    final AtomicLong acked = new AtomicLong();
    final AtomicBoolean running = new AtomicBoolean(true);
    final List<Thread> threads = new ArrayList<>();

    static Load start(int port, int clients) {
      Load load = new Load();
      for (int i = 0; i < clients; i++) {
        Thread t = new Thread(() -> load.run(port), "load-" + i);
        t.setDaemon(true);
        load.threads.add(t);
        t.start();
      }
      return load;
    }

    void run(int port) {
      byte[] body =
          ("{\"project\": \""
                  + PROJECT
                  + "\", \"project_version\": \"1.0.0\", \"language\":"
                  + " \"python\", \"language_version\": \"3.11.7\", \"ctx\": {\"platform\":"
                  + " \"linux\", \"container\": \"docker\", \"is_ci\": false}}")
              .getBytes(StandardCharsets.UTF_8);
      while (running.get()) {
        try {
          HttpURLConnection c =
              (HttpURLConnection)
                  new URL("http://127.0.0.1:" + port + "/api/breadcrumb").openConnection();
          c.setConnectTimeout(2000);
          c.setReadTimeout(10000);
          c.setDoOutput(true);
          c.setRequestMethod("POST");
          c.setRequestProperty("Content-Type", "application/json");
          sent.incrementAndGet();
          try (OutputStream out = c.getOutputStream()) {
            out.write(body);
          }
          int status = c.getResponseCode();
          try (InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
            if (in != null) {
              in.readAllBytes();
            }
          }
          if (status >= 200 && status < 300) {
            acked.incrementAndGet();
          }
        } catch (IOException e) {
          if (!running.get()) {
            return;
          }
          try {
            Thread.sleep(5);
          } catch (InterruptedException ie) {
            return;
          }
        }
      }
    }

    void stop() throws InterruptedException {
      running.set(false);
      for (Thread t : threads) {
        t.join(15_000);
      }
    }
  }
}
