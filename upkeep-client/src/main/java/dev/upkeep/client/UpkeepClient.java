package dev.upkeep.client;

import dev.upkeep.client.internal.ConfigDirs;
import dev.upkeep.client.internal.Consent;
import dev.upkeep.client.internal.Counters;
import dev.upkeep.client.internal.Crumb;
import dev.upkeep.client.internal.Dispatcher;
import dev.upkeep.client.internal.Environment;
import dev.upkeep.client.internal.Http;
import dev.upkeep.client.internal.Log;
import dev.upkeep.client.internal.Proxies;
import dev.upkeep.client.internal.UserIds;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Reports breadcrumbs and tracked runs of an application to an Upkeep (or migas) server, without
 * ever making the application wait on the network or see an exception.
 *
 * <pre>{@code
 * UpkeepClient upkeep = UpkeepClient.builder()
 *     .endpoint("https://telemetry.example.org")
 *     .app("mytool", "2.3.0")
 *     .build();
 * try (Tracker run = upkeep.track("example/mytool", "2.3.0")) {
 *   run.run(() -> doWork());
 * }
 * }</pre>
 *
 * <p>The caller's thread only records a breadcrumb and offers it to a bounded queue (drop and count
 * when full); one daemon thread batches, sends with short timeouts, and spools to disk what it
 * cannot send, for a later run. At JVM exit a shutdown hook closes runs still open and flushes for
 * at most {@link Builder#exitFlushTimeout} (default 500 ms), then spools the rest.
 *
 * <p>Telemetry is off — no request, no file written, not even a tracked run's final breadcrumb —
 * when {@code DO_NOT_TRACK} or {@code UPKEEP_OPTOUT} (and in migas mode {@code MIGAS_OPTOUT}) is
 * set to anything but empty, {@code 0} or {@code false}, when the app disables it, or when no
 * endpoint is configured. {@link #status()} says which setting decided.
 *
 * <p>Thread-safe. Tracking methods never throw; queries return a failed result instead.
 */
public final class UpkeepClient {
  /** Default connect timeout: 2 seconds. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);

  /** Default read timeout: 5 seconds. */
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(5);

  /** Default capacity of the in-memory queue: {@value} events. */
  public static final int DEFAULT_QUEUE_CAPACITY = 1000;

  /** Default largest batch sent in one request: {@value} events. */
  public static final int DEFAULT_BATCH_SIZE = 100;

  /** Default longest time an event waits to be batched: 1 second. */
  public static final Duration DEFAULT_LINGER = Duration.ofSeconds(1);

  /** Default cap of the spool: {@value} batch files. */
  public static final int DEFAULT_SPOOL_MAX_FILES = 100;

  /** Default cap of the spool: 5 MiB. */
  public static final long DEFAULT_SPOOL_MAX_BYTES = 5L * 1024 * 1024;

  /** Default longest wait for delivery at JVM exit: 500 ms; the rest is spooled. */
  public static final Duration DEFAULT_EXIT_FLUSH_TIMEOUT = Duration.ofMillis(500);

  private static final String VERSION = "0.1.0";

  private final ClientSettings settings;
  private final Consent consent;
  private final Clock clock;
  private final Dispatcher dispatcher;
  private final Queries queries;
  private final UserIds userIds;
  private final Counters counters = new Counters();
  private final OpenRuns runs = new OpenRuns();
  private final List<Map.Entry<Class<? extends Throwable>, ErrorHandler>> errorHandlers;

  private UpkeepClient(Builder b) {
    this.settings = new ClientSettings(b);
    this.clock = b.clock;
    this.errorHandlers = List.copyOf(b.errorHandlers);
    boolean migas = settings.protocol == Protocol.MIGAS;
    Consent decided = Consent.decide(b.env, b.enabled, migas);
    if (decided.enabled() && settings.endpoint == null) {
      decided = Consent.off(settings.endpointSource);
    }
    this.consent = decided;
    ConfigDirs dirs = ConfigDirs.detect(b.env, System::getProperty);
    this.userIds = new UserIds(b.configDir != null ? b.configDir : dirs.configDir());
    if (!consent.enabled()) {
      this.dispatcher = null;
      this.queries = null;
      return;
    }
    Http http =
        new Http(
            new Proxies(b.env, System::getProperty),
            (int) settings.connectTimeout.toMillis(),
            (int) settings.readTimeout.toMillis(),
            "upkeep-client/"
                + VERSION
                + (b.appName == null ? "" : " " + b.appName + "/" + b.appVersion));
    Path cacheDir =
        dirs.cacheDir() != null
            ? dirs.cacheDir()
            : Path.of(
                System.getProperty("java.io.tmpdir"), "upkeep-" + System.getProperty("user.name"));
    Path spoolDir =
        b.spoolDir != null
            ? b.spoolDir
            : cacheDir.resolve("spool").resolve(hash(settings.protocol + " " + settings.endpoint));
    UserIdPolicy policy = b.userIdPolicy;
    Map<String, String> env = b.env;
    this.dispatcher =
        Dispatcher.open(
            migas,
            http,
            settings.endpoint,
            spoolDir,
            b.queueCapacity,
            b.batchSize,
            b.linger.toMillis(),
            b.spoolMaxFiles,
            b.spoolMaxBytes,
            () -> Environment.detect(env, System::getProperty, Path.of("/")),
            () -> userId(policy, env),
            b.sessionId,
            counters);
    this.queries = new Queries(http, settings.endpoint, settings.protocol);
    if (b.shutdownHook) {
      Dispatcher d = dispatcher;
      long timeout = settings.exitFlushTimeout.toMillis();
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    runs.closeAllAtExit();
                    d.flushAtExit(timeout);
                  },
                  "upkeep-exit"));
    }
    if (b.deliverSpoolAtStart) {
      dispatcher.start();
    }
  }

  /** A builder holding every default. */
  public static Builder builder() {
    return new Builder();
  }

  /** Whether telemetry is on. */
  public boolean enabled() {
    return consent.enabled();
  }

  /**
   * Records a breadcrumb (status {@code R}) with optional attributes, kept in order.
   *
   * @param attributes extra key/value pairs (Upkeep protocol only), or null
   */
  public void addBreadcrumb(String project, String version, Map<String, String> attributes) {
    if (dispatcher == null || project == null || version == null) {
      return;
    }
    try {
      List<Map.Entry<String, String>> pairs = List.of();
      if (attributes != null && !attributes.isEmpty()) {
        pairs = new ArrayList<>(attributes.size());
        for (Map.Entry<String, String> e : attributes.entrySet()) {
          if (e.getKey() != null && e.getValue() != null) {
            pairs.add(new AbstractMap.SimpleImmutableEntry<>(e.getKey(), e.getValue()));
          }
        }
      }
      offer(project, version, "R", null, null, null, pairs);
    } catch (RuntimeException e) {
      Log.debug(() -> "addBreadcrumb: " + e);
    }
  }

  /** Records a breadcrumb without attributes. */
  public void addBreadcrumb(String project, String version) {
    addBreadcrumb(project, version, null);
  }

  /**
   * Starts a tracked run: sends {@code R} "Started" now and the final status when the returned
   * tracker is closed (or at JVM exit). While a run of the same project and version is open, the
   * same tracker is returned and nothing is sent again.
   */
  public Tracker track(String project, String version) {
    if (dispatcher == null || project == null || version == null) {
      return Tracker.noop(project, version);
    }
    try {
      Tracker t = new Tracker(this, project, version);
      Tracker existing = runs.open(t);
      if (existing != null) {
        return existing;
      }
      offer(project, version, "R", "Started", null, null, List.of());
      return t;
    } catch (RuntimeException e) {
      Log.debug(() -> "track: " + e);
      return Tracker.noop(project, version);
    }
  }

  /**
   * Asks the server whether a newer version exists and whether this one is flagged. Blocks for at
   * most the connect and read timeouts; see {@link #checkProjectAsync} to not wait at all.
   */
  public ProjectCheck checkProject(String project, String version) {
    if (queries == null) {
      return ProjectCheck.failure("telemetry is off: " + consent.source());
    }
    return queries.checkProject(project, version);
  }

  /** {@link #checkProject} on the configured executor. */
  public CompletableFuture<ProjectCheck> checkProjectAsync(String project, String version) {
    return CompletableFuture.supplyAsync(() -> checkProject(project, version), settings.executor);
  }

  /**
   * Counts a project's breadcrumbs ({@code unique}: distinct users) between two dates, as migas'
   * {@code get_usage}.
   *
   * @param from {@code YYYY-MM-DD} or an ISO-8601 time
   * @param to the same, or null for now
   */
  public UsageCount usage(String project, String from, String to, boolean unique) {
    if (queries == null) {
      return UsageCount.failure("telemetry is off: " + consent.source());
    }
    return queries.usage(project, from, to, unique);
  }

  /** Deletes the stored user id file; returns whether one existed. Never throws. */
  public boolean clearUserId() {
    try {
      return userIds.clear();
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * Delivers what is queued, waiting at most {@code timeout}; the rest is spooled.
   *
   * @return true if everything was delivered in time
   */
  public boolean flush(Duration timeout) {
    return dispatcher == null || dispatcher.flush(timeout.toMillis());
  }

  /** What happened to events so far. */
  public DeliveryStats stats() {
    return new DeliveryStats(counters);
  }

  /** The configuration, the consent decision and where it came from, and the counters. */
  public String status() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("telemetry", consent.toString());
    m.put(
        "endpoint",
        settings.endpoint == null
            ? "none: " + settings.endpointSource
            : settings.endpoint + " (" + settings.endpointSource + ")");
    m.put("protocol", settings.protocol.toString());
    m.put(
        "timeouts",
        "connect "
            + settings.connectTimeout.toMillis()
            + " ms, read "
            + settings.readTimeout.toMillis()
            + " ms ("
            + settings.timeoutSource
            + ")");
    m.put(
        "user id",
        settings.userIdPolicy
            + ", "
            + (userIds.file() == null
                ? "no config directory"
                : userIds.file() + (Files.exists(userIds.file()) ? "" : " (not created)")));
    if (dispatcher != null) {
      m.put("queue", dispatcher.depth() + " of " + settings.queueCapacity + " events waiting");
      m.put("spool", dispatcher.spoolDir().toString());
    }
    m.put("events", stats().toString());
    StringBuilder out = new StringBuilder("upkeep client ").append(VERSION).append('\n');
    m.forEach((k, v) -> out.append("  ").append(k).append(": ").append(v).append('\n'));
    return out.toString();
  }

  // --- package-private collaboration with Tracker ---

  RunOutcome outcomeOf(Throwable error) {
    for (Map.Entry<Class<? extends Throwable>, ErrorHandler> h : errorHandlers) {
      if (h.getKey().isInstance(error)) {
        try {
          RunOutcome o = h.getValue().handle(error);
          if (o != null) {
            return o;
          }
        } catch (RuntimeException e) {
          Log.debug(() -> "error handler failed: " + e);
        }
      }
    }
    return RunOutcome.failed(error);
  }

  void finished(Tracker t, RunOutcome o) {
    runs.closed(t);
    try {
      offer(
          t.project(),
          t.version(),
          o.status(),
          o.statusDesc(),
          o.errorType(),
          o.errorDesc(),
          List.of());
    } catch (RuntimeException e) {
      Log.debug(() -> "final breadcrumb: " + e);
    }
  }

  private void offer(
      String project,
      String version,
      String status,
      String statusDesc,
      String errorType,
      String errorDesc,
      List<Map.Entry<String, String>> attributes) {
    dispatcher.offer(
        new Crumb(
            project,
            version,
            clock.millis(),
            status,
            statusDesc,
            errorType,
            errorDesc,
            attributes));
  }

  private String userId(UserIdPolicy policy, Map<String, String> env) {
    if (policy == UserIdPolicy.NONE) {
      return null;
    }
    return userIds.loadOrCreate(
        policy == UserIdPolicy.DERIVED,
        UserIds.userName(System::getProperty),
        UserIds.hostName(env, Path.of("/")));
  }

  private static String hash(String s) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      StringBuilder hex = new StringBuilder();
      for (int i = 0; i < 6; i++) {
        hex.append(String.format("%02x", d[i]));
      }
      return hex.toString();
    } catch (Exception e) {
      return Integer.toHexString(s.hashCode());
    }
  }

  /**
   * Builds a client. Every setting has a default ({@code DEFAULT_*}); setters validate and name the
   * setting in their {@link IllegalArgumentException}. Not thread-safe; the client is.
   */
  public static final class Builder {
    URI endpoint;
    Protocol protocol = Protocol.UPKEEP;
    Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    Duration readTimeout = DEFAULT_READ_TIMEOUT;
    String appName;
    String appVersion;
    UserIdPolicy userIdPolicy = UserIdPolicy.DERIVED;
    String sessionId;
    int queueCapacity = DEFAULT_QUEUE_CAPACITY;
    int batchSize = DEFAULT_BATCH_SIZE;
    Duration linger = DEFAULT_LINGER;
    int spoolMaxFiles = DEFAULT_SPOOL_MAX_FILES;
    long spoolMaxBytes = DEFAULT_SPOOL_MAX_BYTES;
    Path spoolDir;
    Path configDir;
    Duration exitFlushTimeout = DEFAULT_EXIT_FLUSH_TIMEOUT;
    boolean enabled = true;
    boolean shutdownHook = true;
    boolean deliverSpoolAtStart = true;
    Clock clock = Clock.systemUTC();
    Executor executor =
        command -> {
          Thread t = new Thread(command, "upkeep-query");
          t.setDaemon(true);
          t.start();
        };
    Map<String, String> env = System.getenv();
    final List<Map.Entry<Class<? extends Throwable>, ErrorHandler>> errorHandlers =
        new ArrayList<>();

    private Builder() {}

    /**
     * The server: for the Upkeep protocol its base URL ({@code https://host}); for migas the base
     * URL or the GraphQL URL ({@code https://host/graphql}). {@code UPKEEP_ENDPOINT} overrides it.
     * Without any endpoint telemetry is off.
     */
    public Builder endpoint(String endpoint) {
      URI uri = endpoint == null ? null : ClientSettings.httpUri(endpoint.trim());
      if (uri == null) {
        throw new IllegalArgumentException(
            "endpoint must be an http(s) URL, was \"" + endpoint + "\"");
      }
      this.endpoint = uri;
      return this;
    }

    /** Upkeep's batched API (default) or migas. */
    public Builder protocol(Protocol protocol) {
      this.protocol = java.util.Objects.requireNonNull(protocol, "protocol");
      return this;
    }

    /** Connect timeout (default 2 s); {@code UPKEEP_TIMEOUT} (seconds) overrides both. */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive("connectTimeout", timeout);
      return this;
    }

    /** Read timeout (default 5 s). */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = positive("readTimeout", timeout);
      return this;
    }

    /** The application's name and version, sent in the User-Agent. */
    public Builder app(String name, String version) {
      this.appName = name;
      this.appVersion = version;
      return this;
    }

    /** How the user id is made (default {@link UserIdPolicy#DERIVED}). */
    public Builder userIdPolicy(UserIdPolicy policy) {
      this.userIdPolicy = java.util.Objects.requireNonNull(policy, "userIdPolicy");
      return this;
    }

    /** The session id sent with every event (default: a random UUID per client). */
    public Builder sessionId(String sessionId) {
      this.sessionId = sessionId;
      return this;
    }

    /** Events held in memory before new ones are dropped (default 1000). */
    public Builder queueCapacity(int capacity) {
      this.queueCapacity = positive("queueCapacity", capacity);
      return this;
    }

    /** Largest batch per request (default 100, at most 1000). */
    public Builder batchSize(int size) {
      if (size < 1 || size > 1000) {
        throw new IllegalArgumentException("batchSize must be between 1 and 1000, was " + size);
      }
      this.batchSize = size;
      return this;
    }

    /** Longest time an event waits to fill a batch (default 1 s). */
    public Builder linger(Duration linger) {
      this.linger = positive("linger", linger);
      return this;
    }

    /** Spool caps (defaults 100 files, 5 MiB); the oldest batches are dropped beyond them. */
    public Builder spoolLimits(int maxFiles, long maxBytes) {
      this.spoolMaxFiles = positive("spool maxFiles", maxFiles);
      if (maxBytes < 1) {
        throw new IllegalArgumentException("spool maxBytes must be positive, was " + maxBytes);
      }
      this.spoolMaxBytes = maxBytes;
      return this;
    }

    /** Where unsent batches wait (default: the user cache directory's {@code upkeep/spool}). */
    public Builder spoolDir(Path dir) {
      this.spoolDir = dir;
      return this;
    }

    /** Where {@code user_id} lives (default: the user config directory's {@code upkeep}). */
    public Builder configDir(Path dir) {
      this.configDir = dir;
      return this;
    }

    /** Longest wait for delivery at JVM exit before spooling (default 500 ms). */
    public Builder exitFlushTimeout(Duration timeout) {
      this.exitFlushTimeout = positive("exitFlushTimeout", timeout);
      return this;
    }

    /** The application's own consent switch; opt-out variables win over true. */
    public Builder enabled(boolean enabled) {
      this.enabled = enabled;
      return this;
    }

    /** Whether to install the JVM shutdown hook (default true). */
    public Builder shutdownHook(boolean install) {
      this.shutdownHook = install;
      return this;
    }

    /** Whether to start delivering a previous run's spool at once (default true). */
    public Builder deliverSpoolAtStart(boolean deliver) {
      this.deliverSpoolAtStart = deliver;
      return this;
    }

    /** The clock stamping events (default UTC system clock). */
    public Builder clock(Clock clock) {
      this.clock = java.util.Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Runs {@code *Async} queries (default: a new daemon thread per query). */
    public Builder executor(Executor executor) {
      this.executor = java.util.Objects.requireNonNull(executor, "executor");
      return this;
    }

    /** The environment variables read (default {@code System.getenv()}; for tests). */
    public Builder environment(Map<String, String> env) {
      this.env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
      return this;
    }

    /**
     * Maps exceptions of a type (and its subtypes) to a run outcome; the first registered match
     * wins.
     */
    public <T extends Throwable> Builder errorHandler(Class<T> type, ErrorHandler handler) {
      errorHandlers.add(
          new AbstractMap.SimpleImmutableEntry<>(
              java.util.Objects.requireNonNull(type, "type"),
              java.util.Objects.requireNonNull(handler, "handler")));
      return this;
    }

    /** The client. Starts no thread until the first event (or spool delivery). */
    public UpkeepClient build() {
      return new UpkeepClient(this);
    }

    private static Duration positive(String name, Duration d) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, was " + d);
      }
      return d;
    }

    private static int positive(String name, int v) {
      if (v < 1) {
        throw new IllegalArgumentException(name + " must be positive, was " + v);
      }
      return v;
    }
  }
}
