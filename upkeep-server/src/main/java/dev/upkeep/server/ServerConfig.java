package dev.upkeep.server;

import dev.upkeep.server.blobs.BlobStoreSettings;
import dev.upkeep.server.blobs.DiskBlobStore;
import dev.upkeep.server.http.HttpTimeouts;
import dev.upkeep.server.http.TrustedProxies;
import dev.upkeep.server.ingest.IngestLimits;
import dev.upkeep.server.limits.LimitBackend;
import dev.upkeep.server.privacy.RetentionText;
import dev.upkeep.server.settings.ByteText;
import dev.upkeep.server.store.Visibility;
import dev.upkeep.server.store.jdbc.DatabaseSettings;
import dev.upkeep.server.versions.sources.SourceSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything {@code upkeep serve} can be told, in one immutable value built by {@link #builder()}.
 *
 * <p>This builder is the single source of truth for server settings: command-line options,
 * environment variables and the {@code --config} file are thin adapters that call it (see {@code
 * dev.upkeep.cli.ServeCommand}). {@link #describe()} lists the effective values for {@code upkeep
 * config} and the start-up log.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class ServerConfig {
  /** Default TCP port: {@value}. */
  public static final int DEFAULT_PORT = 8080;

  /** Default bind address: {@value} (all interfaces). */
  public static final String DEFAULT_HOST = "0.0.0.0";

  /** Default value of the {@code X-Backend-Server} response header: {@value}, as migas expects. */
  public static final String DEFAULT_BACKEND_HEADER = "migas";

  /**
   * Default body limit for the migas, admin and query endpoints: 64 KiB. migas-server uses 2500
   * bytes, but migas clients do not truncate error messages, so a final "failed" breadcrumb can be
   * larger; 64 KiB holds any realistic traceback message.
   */
  public static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024;

  /** Default body limit for {@code POST /v1/events}: 4 MiB (1000 events of about 4 KiB). */
  public static final int DEFAULT_MAX_BATCH_BODY_BYTES = 4 * 1024 * 1024;

  /** Default rate limit: {@value} requests per client IP per {@link #DEFAULT_RATE_WINDOW}. */
  public static final int DEFAULT_RATE_LIMIT = 1000;

  /** Default rate-limit window: 60 seconds, as migas-server. */
  public static final Duration DEFAULT_RATE_WINDOW = Duration.ofSeconds(60);

  /** Default most connections open at once: {@value}. */
  public static final int DEFAULT_MAX_CONNECTIONS = 10_000;

  /**
   * Largest default capacity of the ingest queue, in events: {@value}. The default is smaller with
   * a heap under about 782 MiB: the heap divided by 16 KiB, at least 1 000 (16 384 events with
   * {@code -Xmx256m}), so that a full queue takes at most about an eighth of the heap.
   */
  public static final int DEFAULT_QUEUE_CAPACITY = 50_000;

  /**
   * Default of {@code max-heap-warning}: 1 GiB. A JVM left to choose its own heap larger than this
   * makes {@code upkeep serve} log a warning naming {@code -Xmx}.
   */
  public static final long DEFAULT_MAX_HEAP_WARNING = 1L << 30;

  /** Default largest group commit, in events: {@value}. */
  public static final int DEFAULT_MAX_BATCH = 2_000;

  /** Default SQLite {@code synchronous} pragma: {@value} (fsync the WAL at every commit). */
  public static final String DEFAULT_SQLITE_SYNCHRONOUS = "FULL";

  /**
   * Default lifetime of an install's access token (otumat installs and Upkeep's own enrollment):
   * one hour. Refresh tokens do not expire; they are replaced at every use.
   */
  public static final Duration DEFAULT_INSTALL_TOKEN_TTL = Duration.ofHours(1);

  /**
   * Default body limit for otumat's event upload: 32 MiB, about 700 000 rows as otumat 0.3 writes
   * them ({@code ["2024-05-01 10:00:00.123456", "import"]}, about 45 bytes), well above {@link
   * #DEFAULT_OTUMAT_MAX_ROWS} rows even at the longest event type. The body is read as a stream, so
   * it costs reading time, not memory.
   */
  public static final int DEFAULT_OTUMAT_MAX_BODY_BYTES = 32 * 1024 * 1024;

  /**
   * Default most rows stored from one otumat upload: {@value}. Rows past it are dropped, counted in
   * the 200 answer, so that otumat clears its cache instead of resending it forever.
   */
  public static final int DEFAULT_OTUMAT_MAX_ROWS = 50_000;

  /**
   * Default grace period of a rotated refresh token: 60 seconds. Within it, the same refresh token
   * sent again (otumat's second daemon of the same install) gets the same new pair; after it, a
   * reuse is a replay and revokes every token of the install.
   */
  public static final Duration DEFAULT_REFRESH_GRACE = Duration.ofSeconds(60);

  /**
   * Default interval of the purge of expired authorization codes, expired and used tokens and
   * revoked installs: one hour.
   */
  public static final Duration DEFAULT_PURGE_INTERVAL = Duration.ofHours(1);

  /** Name of the audit log in the data directory unless {@code audit-log} says otherwise. */
  public static final String DEFAULT_AUDIT_LOG_NAME = "audit.log";

  private final String host;
  private final int port;
  private final Path dataDir;
  private final String databaseUrl;
  private final DatabaseSettings database;
  private final Path masterTokenFile;
  private final String backendHeader;
  private final int maxBodyBytes;
  private final int maxBatchBodyBytes;
  private final long maxBlobSize;
  private final BlobStoreSettings blobStore;
  private final int rateLimit;
  private final Duration rateWindow;
  private final boolean rateLimitEnabled;
  private final int clientEventLimit;
  private final int projectEventLimit;
  private final long maxEventsPerProjectDay;
  private final LimitBackend rateLimitStore;
  private final TrustedProxies trustedProxies;
  private final HttpTimeouts httpTimeouts;
  private final int maxConnections;
  private final int httpThreads;
  private final long maxHeapWarning;
  private final int queueCapacity;
  private final int maxBatch;
  private final int ingestWriters;
  private final String sqliteSynchronous;
  private final Duration installTokenTtl;
  private final int otumatMaxBodyBytes;
  private final int otumatMaxRows;
  private final Duration refreshGrace;
  private final Duration purgeInterval;
  private final Visibility defaultVisibility;
  private final int retentionDays;
  private final SourceSettings versionSources;
  private final Path auditLog;
  private final boolean auditLogOff;
  private final String metricsToken;

  private ServerConfig(Builder b) {
    this.host = b.host;
    this.port = b.port;
    this.dataDir = b.dataDir;
    this.databaseUrl = b.databaseUrl;
    this.database = b.database;
    this.masterTokenFile = b.masterTokenFile;
    this.backendHeader = b.backendHeader;
    this.maxBodyBytes = b.maxBodyBytes;
    this.maxBatchBodyBytes = b.maxBatchBodyBytes;
    this.maxBlobSize = b.maxBlobSize;
    this.blobStore = b.blobStore;
    this.rateLimit = b.rateLimit;
    this.rateWindow = b.rateWindow;
    this.rateLimitEnabled = b.rateLimitEnabled;
    this.clientEventLimit = b.clientEventLimit;
    this.projectEventLimit = b.projectEventLimit;
    this.maxEventsPerProjectDay = b.maxEventsPerProjectDay;
    this.rateLimitStore =
        b.rateLimitStore != null
            ? b.rateLimitStore
            : b.databaseUrl != null ? LimitBackend.POSTGRES : LimitBackend.MEMORY;
    if (rateLimitStore == LimitBackend.POSTGRES && b.databaseUrl == null) {
      throw new IllegalArgumentException(
          "rate-limit-store = postgres needs database-url (the limits live in the collector's"
              + " PostgreSQL database); use memory or a redis:// URL with the embedded store");
    }
    this.trustedProxies = b.trustedProxies;
    this.httpTimeouts = new HttpTimeouts(b.headerTimeout, b.requestTimeout, b.idleTimeout);
    this.maxConnections = b.maxConnections;
    this.httpThreads =
        b.httpThreads > 0
            ? b.httpThreads
            : Sizing.httpThreads(Runtime.getRuntime().availableProcessors());
    this.maxHeapWarning = b.maxHeapWarning;
    this.queueCapacity =
        b.queueCapacity > 0
            ? b.queueCapacity
            : Sizing.queueCapacity(Runtime.getRuntime().maxMemory());
    this.maxBatch = b.maxBatch;
    if (b.ingestWriters > 1 && b.databaseUrl == null) {
      throw new IllegalArgumentException(
          "ingest-writers must be 1 (or auto) with the embedded SQLite store, which writes one"
              + " transaction at a time; was "
              + b.ingestWriters);
    }
    this.ingestWriters = Math.max(1, b.ingestWriters);
    this.sqliteSynchronous = b.sqliteSynchronous;
    this.installTokenTtl = b.installTokenTtl;
    this.otumatMaxBodyBytes = b.otumatMaxBodyBytes;
    this.otumatMaxRows = b.otumatMaxRows;
    this.refreshGrace = b.refreshGrace;
    this.purgeInterval = b.purgeInterval;
    this.defaultVisibility = b.defaultVisibility;
    this.retentionDays = b.retentionDays;
    this.versionSources = b.versionSources;
    this.auditLog = b.auditLog;
    this.auditLogOff = b.auditLogOff;
    this.metricsToken = b.metricsToken;
  }

  /** A builder holding every default. */
  public static Builder builder() {
    return new Builder();
  }

  /** Bind address. */
  public String host() {
    return host;
  }

  /** TCP port; 0 picks a free one (see {@link UpkeepServer#port()}). */
  public int port() {
    return port;
  }

  /** Data directory holding {@code upkeep.db} when the embedded store is used. */
  public Path dataDir() {
    return dataDir;
  }

  /**
   * JDBC URL of an external store ({@code jdbc:postgresql://...}), or null for the embedded SQLite
   * store at {@code dataDir/upkeep.db}.
   */
  public String databaseUrl() {
    return databaseUrl;
  }

  /**
   * How the store uses its connections: {@code database-pool-size}, {@code
   * database-connect-timeout}, {@code database-statement-timeout}, {@code database-max-lifetime},
   * {@code database-application-name} (see {@link DatabaseSettings} for their defaults).
   */
  public DatabaseSettings database() {
    return database;
  }

  /** Where the master token is written on first start, or null to only print it. */
  public Path masterTokenFile() {
    return masterTokenFile;
  }

  /** Value of the {@code X-Backend-Server} header sent on every response. */
  public String backendHeader() {
    return backendHeader;
  }

  /** Body limit in bytes for every endpoint but {@code POST /v1/events}. */
  public int maxBodyBytes() {
    return maxBodyBytes;
  }

  /** Body limit in bytes for {@code POST /v1/events}. */
  public int maxBatchBodyBytes() {
    return maxBatchBodyBytes;
  }

  /**
   * The largest blob of a hosted release taken by {@code PUT /v1/blobs/{sha256}}, in bytes ({@code
   * max-blob-size}, default {@link DiskBlobStore#DEFAULT_MAX_BLOB_SIZE}: 2 GiB); larger: 413.
   */
  public long maxBlobSize() {
    return maxBlobSize;
  }

  /**
   * Where the blobs of hosted releases are kept ({@code blob-store}, default {@code disk}: {@code
   * <data>/blobs}; or {@code s3://bucket/prefix} with the {@code s3-*} settings).
   */
  public BlobStoreSettings blobStore() {
    return blobStore;
  }

  /** Requests allowed per client IP per {@link #rateWindow()}. */
  public int rateLimit() {
    return rateLimit;
  }

  /** Length of the rate-limit window. */
  public Duration rateWindow() {
    return rateWindow;
  }

  /** False when the rate limit is bypassed (tests, benchmarks, a trusted proxy in front). */
  public boolean rateLimitEnabled() {
    return rateLimitEnabled;
  }

  /**
   * The limits counted in events ({@code client-event-limit} and {@code project-event-limit} per
   * {@link #rateWindow()}, {@code max-events-per-project-day}); all off when {@link
   * #rateLimitEnabled()} is false.
   */
  public IngestLimits ingestLimits() {
    return rateLimitEnabled
        ? new IngestLimits(clientEventLimit, projectEventLimit, maxEventsPerProjectDay, rateWindow)
        : IngestLimits.OFF;
  }

  /**
   * Where the request limit and the event limits are counted ({@code rate-limit-store}): {@code
   * memory} (each collector alone; the default with the embedded store), {@code postgres} (the
   * collector's database, shared by every collector on it; the default with {@code database-url})
   * or a Redis URL (shared by every collector using it).
   */
  public LimitBackend rateLimitStore() {
    return rateLimitStore;
  }

  /**
   * The reverse proxies whose {@code X-Forwarded-For} names the client address the limits count
   * ({@code trusted-proxies}, default none: the socket peer is the client).
   */
  public TrustedProxies trustedProxies() {
    return trustedProxies;
  }

  /** Header, request and idle timeouts of every connection ({@link HttpTimeouts}). */
  public HttpTimeouts httpTimeouts() {
    return httpTimeouts;
  }

  /**
   * Most connections open at once (default {@value #DEFAULT_MAX_CONNECTIONS}); beyond it new ones
   * wait in the kernel's backlog until one closes.
   */
  public int maxConnections() {
    return maxConnections;
  }

  /**
   * Most threads of the HTTP server ({@code http-threads}). Default ({@code auto}): 16 per
   * processor, from 32 to 200 (32 on a two-core machine), where Jetty's own default is 250 whatever
   * the machine. Requests beyond them wait in Jetty's queue; ingest requests do not hold a thread
   * while their events wait to be committed.
   */
  public int httpThreads() {
    return httpThreads;
  }

  /**
   * The max heap above which a JVM left to choose its own heap gets a warning at start, in bytes
   * ({@code max-heap-warning}, default {@link #DEFAULT_MAX_HEAP_WARNING}); 0 when {@code off}.
   */
  public long maxHeapWarning() {
    return maxHeapWarning;
  }

  /**
   * Capacity of the ingest queue in events ({@code queue-capacity}); beyond it requests get 503
   * with Retry-After. Default ({@code auto}): sized by the max heap, see {@link
   * #DEFAULT_QUEUE_CAPACITY}.
   */
  public int queueCapacity() {
    return queueCapacity;
  }

  /** Most events written in one group commit. */
  public int maxBatch() {
    return maxBatch;
  }

  /**
   * Threads committing groups of events at once ({@code ingest-writers}, default 1, at most 16;
   * more than 1 only on PostgreSQL). Measured in benchmark (B): two writers of one collector wait
   * on each other's locks of the busy rollup rows and re-read each other's bitmaps, which costs
   * more than the round trips they overlap, so 1 is the default on both stores.
   */
  public int ingestWriters() {
    return ingestWriters;
  }

  /** SQLite {@code synchronous} pragma: {@code FULL} or {@code NORMAL}. */
  public String sqliteSynchronous() {
    return sqliteSynchronous;
  }

  /**
   * How long an install's access token is valid (whole seconds, at least one); after it the token
   * is refused with {@code TokenExpiredError} and the install refreshes it.
   */
  public Duration installTokenTtl() {
    return installTokenTtl;
  }

  /** Body limit in bytes for otumat's event upload ({@code otumat-max-body-bytes}). */
  public int otumatMaxBodyBytes() {
    return otumatMaxBodyBytes;
  }

  /** Most rows stored from one otumat upload ({@code otumat-max-rows}); the rest are dropped. */
  public int otumatMaxRows() {
    return otumatMaxRows;
  }

  /**
   * How long a rotated refresh token may be sent again for the same new pair ({@code
   * refresh-grace}, whole seconds, 0 turns it off); after it a reuse revokes the install's tokens.
   */
  public Duration refreshGrace() {
    return refreshGrace;
  }

  /** How often expired codes, tokens and revoked installs are purged ({@code purge-interval}). */
  public Duration purgeInterval() {
    return purgeInterval;
  }

  /**
   * The visibility a newly registered project starts with ({@code default-visibility}: {@code
   * counts-public}, the default, as migas-server answers anyone, or {@code private}). Projects
   * registered before keep theirs; {@code upkeep project visibility} changes one.
   */
  public Visibility defaultVisibility() {
    return defaultVisibility;
  }

  /**
   * Days after which events are deleted, with their part of every rollup ({@code retention}: {@code
   * 365d}; {@code off}, the default, is 0: kept for ever). A project may have its own ({@code
   * upkeep project retention}). The collector prunes hourly; an event goes within a day after it is
   * older than this.
   */
  public int retentionDays() {
    return retentionDays;
  }

  /**
   * Settings of the release sources: {@code maven-repository-url}, {@code github-api-url}, {@code
   * github-token}, {@code version-source-ttl}, {@code version-source-timeout} (see {@link
   * SourceSettings} for their defaults).
   */
  public SourceSettings versionSources() {
    return versionSources;
  }

  /**
   * Where admin actions are appended as JSON lines (see {@code dev.upkeep.server.audit.AuditLog}):
   * {@value #DEFAULT_AUDIT_LOG_NAME} in the data directory unless set; empty when turned off with
   * {@code audit-log = off}.
   */
  public Optional<Path> auditLog() {
    if (auditLogOff) {
      return Optional.empty();
    }
    return Optional.of(auditLog != null ? auditLog : dataDir.resolve(DEFAULT_AUDIT_LOG_NAME));
  }

  /**
   * The token {@code GET /metrics} requires as {@code Authorization: Bearer <token>}, or null when
   * {@code /metrics} is open (the default).
   */
  public String metricsToken() {
    return metricsToken;
  }

  /** The effective settings, in a stable order, for {@code upkeep config} and the log. */
  public Map<String, String> describe() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("host", host);
    m.put("port", Integer.toString(port));
    m.put("data", String.valueOf(dataDir));
    m.put("database-url", databaseUrl == null ? "(embedded SQLite)" : redact(databaseUrl));
    m.putAll(database.describe());
    m.put("master-token-file", String.valueOf(masterTokenFile));
    m.put("backend-header", backendHeader);
    m.put("max-body-bytes", Integer.toString(maxBodyBytes));
    m.put("max-batch-body-bytes", Integer.toString(maxBatchBodyBytes));
    m.put("max-blob-size", Long.toString(maxBlobSize));
    m.putAll(blobStore.describe());
    m.put("rate-limit", rateLimitEnabled ? Integer.toString(rateLimit) : "off");
    m.put("rate-window-seconds", Long.toString(rateWindow.toSeconds()));
    m.put("client-event-limit", limit(rateLimitEnabled ? clientEventLimit : 0));
    m.put("project-event-limit", limit(rateLimitEnabled ? projectEventLimit : 0));
    m.put("max-events-per-project-day", limit(rateLimitEnabled ? maxEventsPerProjectDay : 0));
    m.put("rate-limit-store", rateLimitStore.toString());
    m.put("trusted-proxies", trustedProxies.toString());
    m.put("header-timeout", Long.toString(httpTimeouts.header().toSeconds()));
    m.put("request-timeout", Long.toString(httpTimeouts.request().toSeconds()));
    m.put("idle-timeout", Long.toString(httpTimeouts.idle().toSeconds()));
    m.put("max-connections", Integer.toString(maxConnections));
    m.put("http-threads", Integer.toString(httpThreads));
    m.put("max-heap-warning", maxHeapWarning == 0 ? "off" : ByteText.format(maxHeapWarning));
    m.put("queue-capacity", Integer.toString(queueCapacity));
    m.put("max-batch", Integer.toString(maxBatch));
    m.put("ingest-writers", Integer.toString(ingestWriters));
    m.put("sqlite-synchronous", sqliteSynchronous);
    m.put("install-token-ttl", Long.toString(installTokenTtl.toSeconds()));
    m.put("otumat-max-body-bytes", Integer.toString(otumatMaxBodyBytes));
    m.put("otumat-max-rows", Integer.toString(otumatMaxRows));
    m.put("refresh-grace", Long.toString(refreshGrace.toSeconds()));
    m.put("purge-interval", Long.toString(purgeInterval.toSeconds()));
    m.put("default-visibility", defaultVisibility.wire());
    m.put("retention", RetentionText.format(retentionDays));
    m.putAll(versionSources.describe());
    m.put("audit-log", auditLog().map(String::valueOf).orElse("off"));
    m.put("metrics-token", metricsToken == null ? "off" : "***");
    return m;
  }

  private static String limit(long n) {
    return n == 0 ? "off" : Long.toString(n);
  }

  private static String redact(String url) {
    return url.replaceAll("password=[^&]*", "password=***");
  }

  /** Mutable builder; every setter validates its argument and names it in the exception. */
  public static final class Builder {
    private String host = DEFAULT_HOST;
    private int port = DEFAULT_PORT;
    private Path dataDir = Path.of("data");
    private String databaseUrl;
    private DatabaseSettings database = DatabaseSettings.defaults();
    private Path masterTokenFile;
    private String backendHeader = DEFAULT_BACKEND_HEADER;
    private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
    private int maxBatchBodyBytes = DEFAULT_MAX_BATCH_BODY_BYTES;
    private long maxBlobSize = DiskBlobStore.DEFAULT_MAX_BLOB_SIZE;
    private BlobStoreSettings blobStore = BlobStoreSettings.defaults();
    private int rateLimit = DEFAULT_RATE_LIMIT;
    private Duration rateWindow = DEFAULT_RATE_WINDOW;
    private boolean rateLimitEnabled = true;
    private int clientEventLimit = IngestLimits.DEFAULT_CLIENT_EVENTS;
    private int projectEventLimit = IngestLimits.DEFAULT_PROJECT_EVENTS;
    private long maxEventsPerProjectDay = IngestLimits.DEFAULT_PROJECT_EVENTS_PER_DAY;
    private LimitBackend rateLimitStore;
    private TrustedProxies trustedProxies = TrustedProxies.NONE;
    private Duration headerTimeout = HttpTimeouts.DEFAULT_HEADER;
    private Duration requestTimeout = HttpTimeouts.DEFAULT_REQUEST;
    private Duration idleTimeout = HttpTimeouts.DEFAULT_IDLE;
    private int maxConnections = DEFAULT_MAX_CONNECTIONS;
    private int httpThreads;
    private long maxHeapWarning = DEFAULT_MAX_HEAP_WARNING;
    private int queueCapacity;
    private int maxBatch = DEFAULT_MAX_BATCH;
    private int ingestWriters;
    private String sqliteSynchronous = DEFAULT_SQLITE_SYNCHRONOUS;
    private Duration installTokenTtl = DEFAULT_INSTALL_TOKEN_TTL;
    private int otumatMaxBodyBytes = DEFAULT_OTUMAT_MAX_BODY_BYTES;
    private int otumatMaxRows = DEFAULT_OTUMAT_MAX_ROWS;
    private Duration refreshGrace = DEFAULT_REFRESH_GRACE;
    private Duration purgeInterval = DEFAULT_PURGE_INTERVAL;
    private Visibility defaultVisibility = Visibility.COUNTS_PUBLIC;
    private int retentionDays;
    private SourceSettings versionSources = SourceSettings.defaults();
    private Path auditLog;
    private boolean auditLogOff;
    private String metricsToken;

    private Builder() {}

    /**
     * Where to append the audit log, or null for {@value #DEFAULT_AUDIT_LOG_NAME} in the data
     * directory (the default).
     */
    public Builder auditLog(Path auditLog) {
      this.auditLog = auditLog;
      this.auditLogOff = false;
      return this;
    }

    /** Turns the audit log off ({@code audit-log = off}). */
    public Builder auditLogOff() {
      this.auditLog = null;
      this.auditLogOff = true;
      return this;
    }

    /**
     * The bearer token {@code /metrics} requires, or null to leave it open (the default).
     *
     * @throws IllegalArgumentException when blank or shorter than 16 characters
     */
    public Builder metricsToken(String metricsToken) {
      if (metricsToken != null && metricsToken.strip().length() < 16) {
        throw new IllegalArgumentException(
            "metrics-token must be at least 16 characters, was " + metricsToken.strip().length());
      }
      this.metricsToken = metricsToken == null ? null : metricsToken.strip();
      return this;
    }

    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
      }
      this.port = port;
      return this;
    }

    public Builder dataDir(Path dataDir) {
      this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
      return this;
    }

    /** A {@code jdbc:postgresql:} URL, or null for the embedded store. */
    public Builder databaseUrl(String databaseUrl) {
      if (databaseUrl != null && !databaseUrl.startsWith("jdbc:postgresql:")) {
        throw new IllegalArgumentException(
            "database-url must start with jdbc:postgresql:, was " + databaseUrl);
      }
      this.databaseUrl = databaseUrl;
      return this;
    }

    /** The connection settings of the store, all at once (see {@link DatabaseSettings}). */
    public Builder database(DatabaseSettings settings) {
      this.database = Objects.requireNonNull(settings, "database");
      return this;
    }

    public Builder masterTokenFile(Path masterTokenFile) {
      this.masterTokenFile = masterTokenFile;
      return this;
    }

    public Builder backendHeader(String backendHeader) {
      if (backendHeader == null || backendHeader.isBlank()) {
        throw new IllegalArgumentException("backend-header must not be blank");
      }
      this.backendHeader = backendHeader;
      return this;
    }

    public Builder maxBodyBytes(int maxBodyBytes) {
      this.maxBodyBytes = positive("max-body-bytes", maxBodyBytes);
      return this;
    }

    public Builder maxBatchBodyBytes(int maxBatchBodyBytes) {
      this.maxBatchBodyBytes = positive("max-batch-body-bytes", maxBatchBodyBytes);
      return this;
    }

    /** See {@link ServerConfig#maxBlobSize()}; at least 0. */
    public Builder maxBlobSize(long maxBlobSize) {
      if (maxBlobSize < 0) {
        throw new IllegalArgumentException("max-blob-size must be at least 0, was " + maxBlobSize);
      }
      this.maxBlobSize = maxBlobSize;
      return this;
    }

    public Builder rateLimit(int rateLimit) {
      this.rateLimit = positive("rate-limit", rateLimit);
      return this;
    }

    public Builder rateWindow(Duration rateWindow) {
      if (rateWindow.isNegative() || rateWindow.isZero()) {
        throw new IllegalArgumentException("rate-window must be positive, was " + rateWindow);
      }
      this.rateWindow = rateWindow;
      return this;
    }

    /** False bypasses the rate limit entirely. */
    public Builder rateLimitEnabled(boolean rateLimitEnabled) {
      this.rateLimitEnabled = rateLimitEnabled;
      return this;
    }

    /**
     * Most HTTP server threads, 8 to 1000, or 0 for the default sized by the processors (see {@link
     * ServerConfig#httpThreads()}).
     *
     * @throws IllegalArgumentException outside that range
     */
    public Builder httpThreads(int threads) {
      if (threads != 0 && (threads < 8 || threads > 1000)) {
        throw new IllegalArgumentException(
            "http-threads must be 8 to 1000 or auto, was " + threads);
      }
      this.httpThreads = threads;
      return this;
    }

    /**
     * The max heap in bytes above which a JVM-chosen heap is warned about at start; 0 turns the
     * warning off (see {@link ServerConfig#maxHeapWarning()}).
     *
     * @throws IllegalArgumentException when negative
     */
    public Builder maxHeapWarning(long bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException(
            "max-heap-warning must be 0 (off) or positive, was " + bytes);
      }
      this.maxHeapWarning = bytes;
      return this;
    }

    /** Events the ingest queue holds; positive (the default is sized by the heap). */
    public Builder queueCapacity(int queueCapacity) {
      this.queueCapacity = positive("queue-capacity", queueCapacity);
      return this;
    }

    public Builder maxBatch(int maxBatch) {
      this.maxBatch = positive("max-batch", maxBatch);
      return this;
    }

    /** Writer threads, 1 to 16, or 0 for the default (see {@link #ingestWriters()}). */
    public Builder ingestWriters(int writers) {
      if (writers < 0 || writers > 16) {
        throw new IllegalArgumentException(
            "ingest-writers must be 1 to 16 or auto, was " + writers);
      }
      this.ingestWriters = writers;
      return this;
    }

    public Builder sqliteSynchronous(String mode) {
      String m = mode.toUpperCase(java.util.Locale.ROOT);
      if (!m.equals("FULL") && !m.equals("NORMAL")) {
        throw new IllegalArgumentException(
            "sqlite-synchronous must be FULL or NORMAL, was " + mode);
      }
      this.sqliteSynchronous = m;
      return this;
    }

    /**
     * Lifetime of install access tokens, in whole seconds; at least one second.
     *
     * @throws IllegalArgumentException when shorter than one second or not whole seconds
     */
    public Builder installTokenTtl(Duration ttl) {
      if (ttl.compareTo(Duration.ofSeconds(1)) < 0) {
        throw new IllegalArgumentException(
            "install-token-ttl must be at least 1 second, was " + ttl.toSeconds());
      }
      if (ttl.getNano() != 0) {
        throw new IllegalArgumentException(
            "install-token-ttl must be whole seconds, was " + ttl.toMillis() + " ms");
      }
      this.installTokenTtl = ttl;
      return this;
    }

    public Builder otumatMaxBodyBytes(int bytes) {
      this.otumatMaxBodyBytes = positive("otumat-max-body-bytes", bytes);
      return this;
    }

    public Builder otumatMaxRows(int rows) {
      this.otumatMaxRows = positive("otumat-max-rows", rows);
      return this;
    }

    /**
     * Grace period of a rotated refresh token, whole seconds from 0 (off: every reuse is a replay)
     * to 3600.
     *
     * @throws IllegalArgumentException outside that range or not whole seconds
     */
    public Builder refreshGrace(Duration grace) {
      if (grace.isNegative() || grace.compareTo(Duration.ofHours(1)) > 0 || grace.getNano() != 0) {
        throw new IllegalArgumentException(
            "refresh-grace must be whole seconds from 0 to 3600, was " + grace.toMillis() + " ms");
      }
      this.refreshGrace = grace;
      return this;
    }

    /**
     * Interval of the purge, at least one second.
     *
     * @throws IllegalArgumentException when shorter
     */
    public Builder purgeInterval(Duration interval) {
      if (interval.compareTo(Duration.ofSeconds(1)) < 0) {
        throw new IllegalArgumentException(
            "purge-interval must be at least 1 second, was " + interval.toMillis() + " ms");
      }
      this.purgeInterval = interval;
      return this;
    }

    /**
     * See {@link ServerConfig#retentionDays()}: 0 for off.
     *
     * @throws IllegalArgumentException when negative
     */
    public Builder retentionDays(int days) {
      if (days < 0) {
        throw new IllegalArgumentException(
            "retention must be off or a number of days, was " + days);
      }
      this.retentionDays = days;
      return this;
    }

    /** See {@link ServerConfig#defaultVisibility()}. */
    public Builder defaultVisibility(Visibility visibility) {
      this.defaultVisibility = Objects.requireNonNull(visibility, "defaultVisibility");
      return this;
    }

    /** See {@link ServerConfig#blobStore()}. */
    public Builder blobStore(BlobStoreSettings settings) {
      this.blobStore = Objects.requireNonNull(settings, "blobStore");
      return this;
    }

    /**
     * The release-source settings ({@code maven-repository-url}, {@code github-api-url}, {@code
     * github-token}, {@code version-source-ttl}, {@code version-source-timeout}), all at once.
     */
    public Builder versionSources(SourceSettings settings) {
      this.versionSources = Objects.requireNonNull(settings, "versionSources");
      return this;
    }

    /**
     * Applies settings from string key/value pairs (a {@code --config} properties file, {@code
     * UPKEEP_*} environment variables); keys are the names of {@link ServerConfig#describe()}.
     *
     * @throws IllegalArgumentException naming the key for an unknown key or a bad value
     */
    public Builder apply(Map<String, String> settings, String source) {
      for (Map.Entry<String, String> e : settings.entrySet()) {
        String v = e.getValue().trim();
        try {
          switch (e.getKey()) {
            case "host" -> host(v);
            case "port" -> port(Integer.parseInt(v));
            case "data" -> dataDir(Path.of(v));
            case "database-url" -> databaseUrl(v.isEmpty() ? null : v);
            case "database-pool-size",
                "database-connect-timeout",
                "database-statement-timeout",
                "database-max-lifetime",
                "database-application-name" ->
                database(database.with(e.getKey(), v));
            case "master-token-file" -> masterTokenFile(v.isEmpty() ? null : Path.of(v));
            case "backend-header" -> backendHeader(v);
            case "max-body-bytes" -> maxBodyBytes(Integer.parseInt(v));
            case "max-batch-body-bytes" -> maxBatchBodyBytes(Integer.parseInt(v));
            case "max-blob-size" -> maxBlobSize(Long.parseLong(v));
            case "blob-store",
                "s3-endpoint",
                "s3-region",
                "s3-path-style",
                "s3-access-key-id",
                "s3-secret-access-key" ->
                blobStore(blobStore.with(e.getKey(), v));
            case "rate-limit" -> {
              if (v.equalsIgnoreCase("off")) {
                rateLimitEnabled(false);
              } else {
                rateLimit(Integer.parseInt(v));
                rateLimitEnabled(true);
              }
            }
            case "client-event-limit" -> clientEventLimit(offOr(v));
            case "project-event-limit" -> projectEventLimit(offOr(v));
            case "max-events-per-project-day" -> maxEventsPerProjectDay(offOr(v));
            case "rate-limit-store" -> rateLimitStore(v.isEmpty() ? null : LimitBackend.parse(v));
            case "trusted-proxies" -> trustedProxies(TrustedProxies.parse(v));
            case "header-timeout" -> headerTimeout(Duration.ofSeconds(Long.parseLong(v)));
            case "request-timeout" -> requestTimeout(Duration.ofSeconds(Long.parseLong(v)));
            case "idle-timeout" -> idleTimeout(Duration.ofSeconds(Long.parseLong(v)));
            case "max-connections" -> maxConnections(Integer.parseInt(v));
            case "rate-window-seconds" -> rateWindow(Duration.ofSeconds(Long.parseLong(v)));
            case "queue-capacity" -> {
              if (v.equalsIgnoreCase("auto")) {
                queueCapacity = 0;
              } else {
                queueCapacity(Integer.parseInt(v));
              }
            }
            case "http-threads" ->
                httpThreads(v.equalsIgnoreCase("auto") ? 0 : Integer.parseInt(v));
            case "max-heap-warning" ->
                maxHeapWarning(v.equalsIgnoreCase("off") ? 0 : ByteText.parse(e.getKey(), v));
            case "max-batch" -> maxBatch(Integer.parseInt(v));
            case "ingest-writers" -> ingestWriters(v.equals("auto") ? 0 : Integer.parseInt(v));
            case "sqlite-synchronous" -> sqliteSynchronous(v);
            case "install-token-ttl" -> installTokenTtl(Duration.ofSeconds(Long.parseLong(v)));
            case "otumat-max-body-bytes" -> otumatMaxBodyBytes(Integer.parseInt(v));
            case "otumat-max-rows" -> otumatMaxRows(Integer.parseInt(v));
            case "refresh-grace" -> refreshGrace(Duration.ofSeconds(Long.parseLong(v)));
            case "purge-interval" -> purgeInterval(Duration.ofSeconds(Long.parseLong(v)));
            case "default-visibility" -> defaultVisibility(Visibility.parse(v));
            case "retention" -> retentionDays(RetentionText.parse(v));

            case "audit-log" -> {
              if (v.equalsIgnoreCase("off")) {
                auditLogOff();
              } else {
                auditLog(v.isEmpty() ? null : Path.of(v));
              }
            }
            case "metrics-token" ->
                metricsToken(v.isEmpty() || v.equalsIgnoreCase("off") ? null : v);
            case "maven-repository-url",
                "github-api-url",
                "github-token",
                "version-source-ttl",
                "version-source-timeout" ->
                versionSources(versionSources.with(e.getKey(), v));
            default -> throw new IllegalArgumentException("unknown setting");
          }
        } catch (NumberFormatException ex) {
          throw new IllegalArgumentException(
              source + ": " + e.getKey() + " must be a number, was \"" + v + "\"", ex);
        } catch (IllegalArgumentException ex) {
          throw new IllegalArgumentException(
              source + ": " + e.getKey() + ": " + ex.getMessage(), ex);
        }
      }
      return this;
    }

    public ServerConfig build() {
      return new ServerConfig(this);
    }

    /** Time from a request's first byte to the end of its header (default 10 s). */
    public Builder headerTimeout(Duration timeout) {
      this.headerTimeout = Objects.requireNonNull(timeout, "headerTimeout");
      return this;
    }

    /** Time from a request's first byte to the end of its body (default 60 s). */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = Objects.requireNonNull(timeout, "requestTimeout");
      return this;
    }

    /** Time a connection may stay without a byte read or written (default 30 s). */
    public Builder idleTimeout(Duration timeout) {
      this.idleTimeout = Objects.requireNonNull(timeout, "idleTimeout");
      return this;
    }

    /** Most connections open at once (default {@value ServerConfig#DEFAULT_MAX_CONNECTIONS}). */
    public Builder maxConnections(int connections) {
      this.maxConnections = positive("max-connections", connections);
      return this;
    }

    private static int offOr(String v) {
      return v.equalsIgnoreCase("off") ? 0 : Integer.parseInt(v);
    }

    /**
     * Events one client address may send per rate window on average (default {@value
     * IngestLimits#DEFAULT_CLIENT_EVENTS}); 0 turns it off. Beyond it: 429 with {@code
     * Retry-After}.
     */
    public Builder clientEventLimit(int events) {
      this.clientEventLimit = notNegative("client-event-limit", events);
      return this;
    }

    /**
     * Events one project may receive per rate window from all clients (default {@value
     * IngestLimits#DEFAULT_PROJECT_EVENTS}); 0 turns it off.
     */
    public Builder projectEventLimit(int events) {
      this.projectEventLimit = notNegative("project-event-limit", events);
      return this;
    }

    /**
     * Events one project may receive per UTC day (default {@value
     * IngestLimits#DEFAULT_PROJECT_EVENTS_PER_DAY}); 0 turns it off.
     */
    public Builder maxEventsPerProjectDay(long events) {
      if (events < 0) {
        throw new IllegalArgumentException(
            "max-events-per-project-day must be 0 (off) or positive, was " + events);
      }
      this.maxEventsPerProjectDay = events;
      return this;
    }

    /**
     * Where the limits are counted, or null for the default: {@code postgres} with a {@code
     * database-url}, else {@code memory}. {@code postgres} without a {@code database-url} is
     * refused by {@link #build()}.
     */
    public Builder rateLimitStore(LimitBackend store) {
      this.rateLimitStore = store;
      return this;
    }

    /** The reverse proxies trusted to name the client in {@code X-Forwarded-For}. */
    public Builder trustedProxies(TrustedProxies proxies) {
      this.trustedProxies = Objects.requireNonNull(proxies, "trustedProxies");
      return this;
    }

    private static int notNegative(String name, int value) {
      if (value < 0) {
        throw new IllegalArgumentException(name + " must be 0 (off) or positive, was " + value);
      }
      return value;
    }

    private static int positive(String name, int value) {
      if (value <= 0) {
        throw new IllegalArgumentException(name + " must be positive, was " + value);
      }
      return value;
    }
  }
}
