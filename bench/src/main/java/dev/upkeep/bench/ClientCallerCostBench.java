package dev.upkeep.bench;

import com.sun.net.httpserver.HttpServer;
import dev.upkeep.client.DeliveryStats;
import dev.upkeep.client.Tracker;
import dev.upkeep.client.UpkeepClient;
import dev.upkeep.server.ServerConfig;
import dev.upkeep.server.UpkeepServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What {@code upkeep-client} costs the thread that calls it: {@code addBreadcrumb} (with and
 * without attributes), {@code track(...)} + {@code close()}, and {@code addBreadcrumb} when the
 * queue is full (the drop path), beside two floors measured in the same run: an empty method that
 * only hands its arguments to a {@link Blackhole}, and {@link ConcurrentLinkedQueue#offer} of a
 * small object stamped with {@link System#currentTimeMillis()} (what the client's caller path does
 * at the least: stamp the time, allocate, enqueue).
 *
 * <p><b>The endpoint</b> ({@code @Param server}): {@code drop} (default) is a JDK {@code
 * com.sun.net.httpserver} server on loopback that reads each request body and answers {@code 200
 * {}} without storing anything, so the client's sender thread does all of its real work
 * concurrently (builds each event with its id and environment, encodes the JSON batch, opens a
 * connection, posts, reads the answer) while the server costs as little CPU as possible on this
 * 2-core machine: what is measured is the caller's cost, not the caller competing with SQLite
 * inserts. {@code collector} runs the real {@link UpkeepServer} in this JVM instead (port 0, fresh
 * data directory, rate limit off, project {@code bench/client} registered with the master token
 * through {@code POST /v1/projects}): {@code -p server=collector}.
 *
 * <p><b>Pacing</b> ({@code @Param gapNanos}, default 50000): before every invocation, outside the
 * timed region (a {@link Level#Invocation} fixture), the benchmark thread spins for {@code
 * gapNanos}. Unpaced, the caller offers millions of breadcrumbs per second, far more than the
 * sender can post (about 40,000-60,000 events/s here), so the queue would fill within seconds and
 * every benchmark would measure the drop path. Paced at 50 µs (20,000 calls/s; 40,000 events/s for
 * track + close), the sender keeps up (each iteration's teardown prints the events queued, sent and
 * dropped and the queue depth; any drop is reported as a warning) and the offer path is what is
 * measured, with the sender busy posting batches on the other core. Every benchmark, the floors
 * included, carries the same fixture, so the floors also show the harness's own per-call cost (the
 * timestamps JMH takes around each invocation). The drop path is measured separately against a
 * client whose sender is stuck on a {@link SilentServer} (connection accepted, no answer, read
 * timeout one hour) and whose queue (1000 events, the default) is full before measurement starts.
 *
 * <p><b>Heap</b>: the forks run with {@code -Xms1g -Xmx1g -XX:+AlwaysPreTouch}. Without
 * pre-touching, at this allocation rate the young generation is still being faulted in page by page
 * during the measurement, and the first touch of each 4 KiB page (every ~60 calls) shows up as a
 * 2-3 µs p99 even in the {@code ConcurrentLinkedQueue} floor; a long-running application's heap is
 * past that.
 *
 * <p>Every client is built with {@code .environment(Map.of())}, {@code .configDir} and {@code
 * .spoolDir} in a temp directory, {@code .shutdownHook(false)}; the offer-path client with {@code
 * queueCapacity(1_000_000)}, so that only a sender falling far behind could reach the drop path.
 *
 * <p>Run: {@code java -jar bench/target/upkeep-client-jmh.jar ClientCallerCostBench} (or {@code
 * bench/run-client-jmh.sh}, which also prints the table).
 */
@BenchmarkMode({Mode.SampleTime, Mode.AverageTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(
    value = 2,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 5, time = 2, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 10, time = 2, timeUnit = TimeUnit.SECONDS)
public class ClientCallerCostBench {
  static final String PROJECT = "bench/client";
  static final String VERSION = "1.0.0";

  /** The caller's pace: a spin outside the timed region before each invocation. */
  @State(Scope.Thread)
  public static class Pace {
    @Param({"50000"})
    public long gapNanos;

    @Setup(Level.Invocation)
    public void gap() {
      long end = System.nanoTime() + gapNanos;
      while (System.nanoTime() < end) {
        Thread.onSpinWait();
      }
    }
  }

  /** The arguments, read from fields so the JIT cannot fold them into constants. */
  @State(Scope.Thread)
  public static class Args {
    public String project = PROJECT;
    public String version = VERSION;
    public Map<String, String> attributes;

    @Setup(Level.Trial)
    public void setUp() {
      attributes = new LinkedHashMap<>();
      attributes.put("command", "convert");
      attributes.put("format", "nifti");
    }
  }

  /**
   * Floor: the queue a minimal implementation would offer to (no consumer; renewed each iteration).
   */
  @State(Scope.Thread)
  public static class Floor {
    public ConcurrentLinkedQueue<Small> queue;

    @Setup(Level.Iteration)
    public void setUp() {
      queue = new ConcurrentLinkedQueue<>();
    }
  }

  /** The small object of the floor: what the caller knows for free. */
  public static final class Small {
    final String project;
    final String version;
    final long millis;

    Small(String project, String version, long millis) {
      this.project = project;
      this.version = version;
      this.millis = millis;
    }
  }

  /** A client whose queue has room, pointed at a live endpoint whose sender keeps posting. */
  @State(Scope.Benchmark)
  public static class Offer {
    @Param({"drop"})
    public String server;

    public UpkeepClient client;
    private Path tmp;
    private AutoCloseable endpoint;
    private DropServer drop;
    private DeliveryStats before;
    private long iterationStart;
    private long senderCpuStart;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
      tmp = Files.createTempDirectory("upkeep-client-jmh");
      URI url;
      switch (server) {
        case "drop":
          drop = DropServer.start();
          endpoint = drop;
          url = drop.url();
          break;
        case "collector":
          UpkeepServer s =
              UpkeepServer.start(
                  ServerConfig.builder()
                      .host("127.0.0.1")
                      .port(0)
                      .dataDir(tmp.resolve("data"))
                      .rateLimitEnabled(false)
                      .build());
          endpoint = s;
          url = URI.create("http://127.0.0.1:" + s.port());
          register(url, s.initialMasterToken().orElseThrow());
          break;
        default:
          throw new IllegalArgumentException("server must be drop or collector: " + server);
      }
      client =
          UpkeepClient.builder()
              .endpoint(url.toString())
              .app("upkeep-bench", "0")
              .environment(Map.of())
              .configDir(tmp.resolve("config"))
              .spoolDir(tmp.resolve("spool"))
              .shutdownHook(false)
              .queueCapacity(1_000_000)
              .build();
      // The sender's one-time work (environment, user id file, first connection) before the clock.
      client.addBreadcrumb(PROJECT, VERSION);
      if (!client.flush(Duration.ofSeconds(30)) || client.stats().sent() != 1) {
        throw new IllegalStateException(
            "the endpoint did not take the first event: " + client.stats());
      }
    }

    @Setup(Level.Iteration)
    public void iterationStart() {
      before = client.stats();
      iterationStart = System.nanoTime();
      senderCpuStart = threadCpuNanos("upkeep-sender");
    }

    @TearDown(Level.Iteration)
    public void iterationEnd() {
      double seconds = (System.nanoTime() - iterationStart) / 1e9;
      DeliveryStats after = client.stats();
      long queued = after.queued() - before.queued();
      long sent = after.sent() - before.sent();
      long dropped = after.droppedQueueFull() - before.droppedQueueFull();
      long failed =
          after.spooled()
              - before.spooled()
              + after.rejected()
              - before.rejected()
              + after.spoolDropped()
              - before.spoolDropped();
      double senderCpuMillis = (threadCpuNanos("upkeep-sender") - senderCpuStart) / 1e6;
      System.out.printf(
          "%n[client] iteration: queued %d (%.0f/s), sent %d (%.0f/s), dropped (queue full) %d,"
              + " spooled/refused %d, queue depth now %d; sender thread CPU %.0f ms (%.1f µs per"
              + " event sent)%s%n",
          queued,
          queued / seconds,
          sent,
          sent / seconds,
          dropped,
          failed,
          depth(client),
          senderCpuMillis,
          sent == 0 ? 0.0 : 1000 * senderCpuMillis / sent,
          dropped > 0 || failed > 0
              ? "  WARNING: not only the offer path was measured (queue full or send failed)"
              : "");
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
      boolean flushed = client.flush(Duration.ofSeconds(60));
      System.out.printf(
          "%n[client] trial: %s; flushed %s%s%n",
          client.stats(),
          flushed,
          drop == null
              ? ""
              : "; drop server answered "
                  + drop.requests()
                  + " requests from "
                  + drop.clientPorts()
                  + " distinct client ports");
      endpoint.close();
      deleteTree(tmp);
    }
  }

  /** A client whose queue is full: its sender is stuck on a server that never answers. */
  @State(Scope.Benchmark)
  public static class Full {
    public UpkeepClient client;
    private Path tmp;
    private SilentServer silent;
    private long queuedAtStart;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
      tmp = Files.createTempDirectory("upkeep-client-jmh-full");
      silent = SilentServer.start(0);
      client =
          UpkeepClient.builder()
              .endpoint("http://127.0.0.1:" + silent.port())
              .app("upkeep-bench", "0")
              .environment(Map.of())
              .configDir(tmp.resolve("config"))
              .spoolDir(tmp.resolve("spool"))
              .shutdownHook(false)
              .deliverSpoolAtStart(false)
              .batchSize(1)
              .readTimeout(Duration.ofHours(1))
              .build();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (client.stats().droppedQueueFull() == 0 || silent.bytesRead() == 0) {
        client.addBreadcrumb(PROJECT, VERSION);
        Thread.sleep(0, 100_000);
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the queue did not fill: " + client.stats());
        }
      }
      queuedAtStart = client.stats().queued();
      System.out.printf(
          "%n[full] queue full: %s; queue depth %d; silent server: %d connection(s), %d bytes"
              + " read%n",
          client.stats(), depth(client), silent.accepted(), silent.bytesRead());
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
      long queued = client.stats().queued() - queuedAtStart;
      System.out.printf(
          "%n[full] trial: %s; accepted into the queue after it filled: %d%s%n",
          client.stats(),
          queued,
          queued > 0 ? "  WARNING: not only the drop path was measured" : "");
      silent.close();
      deleteTree(tmp);
    }
  }

  // --- floors ---

  @Benchmark
  public void baselineBlackhole(Pace pace, Args a, Blackhole bh) {
    bh.consume(a.project);
    bh.consume(a.version);
  }

  @Benchmark
  public boolean baselineQueueOffer(Pace pace, Args a, Floor f) {
    return f.queue.offer(new Small(a.project, a.version, System.currentTimeMillis()));
  }

  // --- the client ---

  @Benchmark
  public void addBreadcrumb(Pace pace, Args a, Offer o) {
    o.client.addBreadcrumb(a.project, a.version);
  }

  @Benchmark
  public void addBreadcrumbAttributes(Pace pace, Args a, Offer o) {
    o.client.addBreadcrumb(a.project, a.version, a.attributes);
  }

  @Benchmark
  public Tracker trackClose(Pace pace, Args a, Offer o) {
    Tracker t = o.client.track(a.project, a.version);
    t.close();
    return t;
  }

  @Benchmark
  public void addBreadcrumbQueueFull(Pace pace, Args a, Full f) {
    f.client.addBreadcrumb(a.project, a.version);
  }

  // --- helpers ---

  /** CPU time of the live thread with this name, in nanoseconds (0 if there is none). */
  static long threadCpuNanos(String name) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null && name.equals(info.getThreadName())) {
        return Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
      }
    }
    return 0;
  }

  /** "N of M events waiting" from the client's status, as a number. */
  static long depth(UpkeepClient client) {
    for (String line : client.status().split("\n")) {
      line = line.trim();
      if (line.startsWith("queue: ")) {
        return Long.parseLong(line.substring(7, line.indexOf(' ', 7)));
      }
    }
    return -1;
  }

  static void register(URI base, String token) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(base.resolve("/v1/projects"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + PROJECT + "\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 201) {
      throw new IllegalStateException(
          "registering " + PROJECT + ": " + r.statusCode() + " " + r.body());
    }
  }

  static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An HTTP endpoint that reads each request and answers 200 {} without storing anything. */
  static final class DropServer implements AutoCloseable {
    private final HttpServer http;
    private final AtomicLong requests = new AtomicLong();
    private final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();

    private DropServer(HttpServer http) {
      this.http = http;
    }

    static DropServer start() throws IOException {
      // TCP_NODELAY on accepted connections: without it the JDK server's separate header and body
      // writes meet the client's delayed ACK, and every request waits ~40 ms (measured: ~22
      // requests/s instead of ~500). Read once, when the server's configuration class loads.
      System.setProperty("sun.net.httpserver.nodelay", "true");
      HttpServer http =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
      DropServer d = new DropServer(http);
      byte[] answer = "{}".getBytes(StandardCharsets.UTF_8);
      http.createContext(
          "/",
          exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
              in.transferTo(OutputStream.nullOutputStream());
            }
            d.requests.incrementAndGet();
            d.clientPorts.add(exchange.getRemoteAddress().getPort());
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(answer);
            }
          });
      http.start();
      return d;
    }

    URI url() {
      return URI.create("http://127.0.0.1:" + http.getAddress().getPort());
    }

    long requests() {
      return requests.get();
    }

    /** Distinct client ports seen: about one per connection (ports may be reused over time). */
    long clientPorts() {
      return clientPorts.size();
    }

    @Override
    public void close() {
      http.stop(0);
    }
  }
}
