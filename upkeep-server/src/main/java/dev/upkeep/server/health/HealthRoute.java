package dev.upkeep.server.health;

import dev.upkeep.server.ingest.IngestPipeline;
import dev.upkeep.server.store.Store;
import dev.upkeep.server.threads.DaemonThreads;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /v1/health}: whether this collector can do its work, for load balancers and
 * monitoring. Answers 200 when the store answers and ingest takes events, else 503, always within
 * {@link #STORE_TIMEOUT} (a store that does not answer by then counts as unreachable):
 *
 * <pre>{@code
 * {"status": "ok", "store": "ok", "queue_depth": 0, "queue_capacity": 50000,
 *  "database": {"kind": "postgres", "reachable": true, "latency_ms": 1},
 *  "ingest": {"queued_events": 0, "oldest_queued_ms": 0, "paused": false}}
 * }</pre>
 *
 * <p>{@code status} is {@code ok} or {@code degraded}; {@code store} is {@code ok} or {@code
 * unavailable; the server log has the details}; {@code queue_depth} and {@code queue_capacity} are
 * events (these four as before issue 15). {@code database.kind} is {@code sqlite} or {@code
 * postgres}; {@code latency_ms} is how long the check took; when not reachable, {@code
 * database.condition} says why in a few words ({@code unreachable}, {@code too many connections},
 * {@code no answer within 2000 ms}, ...), never an exception's text. {@code ingest.queued_events}
 * is {@code queue_depth}, {@code oldest_queued_ms} how long the oldest event not yet committed has
 * waited (the ingest lag), {@code paused} whether events are refused (503) because the last write
 * found the store unable to write or unreachable.
 *
 * <p>Thread-safe; at most one store check runs at a time (see {@link StoreProbe}).
 */
public final class HealthRoute implements Handler {
  /** Longest wait of a health request for the store's answer: 2 seconds. */
  public static final Duration STORE_TIMEOUT = Duration.ofSeconds(2);

  private final Store store;
  private final IngestPipeline pipeline;
  private final StoreProbe probe;

  HealthRoute(Store store, IngestPipeline pipeline, Executor executor, Duration timeout) {
    this.store = store;
    this.pipeline = pipeline;
    this.probe = new StoreProbe(store, executor, timeout);
  }

  /**
   * The route over {@code store} and {@code pipeline}; its checks run on one daemon thread, which
   * ends after 30 s without a check.
   */
  public static HealthRoute create(Store store, IngestPipeline pipeline) {
    ThreadPoolExecutor executor =
        new ThreadPoolExecutor(
            1,
            1,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            DaemonThreads.named("upkeep-health-check"));
    executor.allowCoreThreadTimeOut(true);
    return new HealthRoute(store, pipeline, executor, STORE_TIMEOUT);
  }

  @Override
  public void handle(Context ctx) {
    StoreProbe.Result r = probe.check();
    boolean paused = pipeline.paused();
    boolean ok = r.reachable() && !paused;
    Map<String, Object> database = new LinkedHashMap<>();
    database.put("kind", kind(store.describe()));
    database.put("reachable", r.reachable());
    database.put("latency_ms", r.latencyMillis());
    if (!r.reachable()) {
      database.put("condition", r.condition());
    }
    Map<String, Object> ingest = new LinkedHashMap<>();
    ingest.put("queued_events", pipeline.depth());
    ingest.put("oldest_queued_ms", pipeline.oldestQueuedMillis());
    ingest.put("paused", paused);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("status", ok ? "ok" : "degraded");
    m.put("store", r.reachable() ? "ok" : "unavailable; the server log has the details");
    m.put("queue_depth", pipeline.depth());
    m.put("queue_capacity", pipeline.capacity());
    m.put("database", database);
    m.put("ingest", ingest);
    ctx.status(ok ? 200 : 503).json(m);
  }

  /** {@code sqlite} or {@code postgres}: what {@link Store#describe()} starts with. */
  static String kind(String described) {
    int colon = described.indexOf(':');
    return colon < 0 ? described : described.substring(0, colon);
  }
}
