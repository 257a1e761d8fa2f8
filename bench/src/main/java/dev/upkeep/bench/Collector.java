package dev.upkeep.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code upkeep serve} in a child JVM, as an operator runs it: {@code java [JVM options] -jar
 * upkeep.jar serve --host 127.0.0.1 --port 0 --data DIR --master-token-file DIR/master
 * --no-rate-limit --database-url URL}, its output in {@code DIR/collector.log}. Its CPU is read
 * from {@code /proc}, its group commits from {@code /metrics}. Not thread-safe.
 */
final class Collector implements AutoCloseable {
  /** How long a collector may take to listen: {@value} s (migrations on a busy machine). */
  static final int START_SECONDS = 180;

  private static final Pattern LISTENING = Pattern.compile("listening on http://[^:\\s]+:(\\d+)");
  private static final Pattern COMMITS =
      Pattern.compile("(?m)^upkeep_ingest_commit_seconds_count(?:\\{[^}]*\\})? ([0-9.eE+-]+)$");
  private static final Pattern COMMIT_SECONDS =
      Pattern.compile("(?m)^upkeep_ingest_commit_seconds_sum(?:\\{[^}]*\\})? ([0-9.eE+-]+)$");

  final Process process;
  final int port;
  final Path dir;

  private Collector(Process process, int port, Path dir) {
    this.process = process;
    this.port = port;
    this.dir = dir;
  }

  /**
   * Starts a collector and returns once it listens.
   *
   * @param jar {@code upkeep.jar}
   * @param jvmOptions options of the child JVM (may be empty)
   * @param dir its data directory (master token, audit log, output)
   * @param databaseUrl the PostgreSQL database it stores into
   * @throws IllegalStateException if it exits or does not listen within {@value #START_SECONDS} s
   */
  static Collector start(Path jar, List<String> jvmOptions, Path dir, String databaseUrl)
      throws IOException, InterruptedException {
    Files.createDirectories(dir);
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmOptions);
    cmd.addAll(
        List.of(
            "-jar",
            jar.toString(),
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--data",
            dir.toString(),
            "--master-token-file",
            dir.resolve("master").toString(),
            "--no-rate-limit",
            "--database-url",
            databaseUrl));
    Path log = dir.resolve("collector.log");
    Process p =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
    while (System.nanoTime() < deadline) {
      Matcher m = LISTENING.matcher(Files.readString(log));
      if (m.find()) {
        return new Collector(p, Integer.parseInt(m.group(1)), dir);
      }
      if (!p.isAlive()) {
        throw new IllegalStateException(
            "upkeep serve exited with " + p.exitValue() + ": " + Files.readString(log));
      }
      Thread.sleep(100);
    }
    p.destroyForcibly();
    throw new IllegalStateException(
        "upkeep serve did not listen within " + START_SECONDS + " s: " + Files.readString(log));
  }

  long pid() {
    return process.pid();
  }

  /** CPU nanoseconds the collector's JVM used so far (every thread). */
  long cpuNanos() {
    return ProcStat.cpuNanos(process.pid());
  }

  /** CPU nanoseconds the collector's JIT compiler threads used so far. */
  long jitNanos() {
    return ProcStat.threadsCpuNanos(process.pid(), "C1 Compiler", "C2 Compiler");
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  /** The master token the first collector of a new store wrote. */
  String masterToken() throws IOException {
    return Files.readString(dir.resolve("master")).trim();
  }

  /** {group commits, seconds in them} so far, from the collector's {@code upkeep.ingest.commit}. */
  double[] commits(HttpClient http) throws IOException, InterruptedException {
    String text =
        http.send(
                HttpRequest.newBuilder(uri("/metrics")).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    return new double[] {number(COMMITS, text), number(COMMIT_SECONDS, text)};
  }

  private static double number(Pattern p, String text) {
    Matcher m = p.matcher(text);
    return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
  }

  /** SIGTERM, as an operator stops it: everything queued is committed first. */
  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.toHandle().destroy();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }
}
