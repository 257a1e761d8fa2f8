package dev.upkeep.server;

import dev.upkeep.server.alerts.AlertSettings;
import dev.upkeep.server.blobs.BlobStoreSettings;
import dev.upkeep.server.blobs.DiskBlobStore;
import dev.upkeep.server.http.HttpTimeouts;
import dev.upkeep.server.http.TrustedProxies;
import dev.upkeep.server.ingest.IngestLimits;
import dev.upkeep.server.installs.InstallTokenSettings;
import dev.upkeep.server.limits.LimitBackend;
import dev.upkeep.server.settings.LogFormat;
import dev.upkeep.server.store.Visibility;
import dev.upkeep.server.store.jdbc.DatabaseSettings;
import dev.upkeep.server.store.jdbc.SqliteSynchronous;
import dev.upkeep.server.store.jdbc.StoreSettings;
import dev.upkeep.server.versions.sources.SourceSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
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

  /** Default data directory, relative to the working directory: {@value}. */
  public static final String DEFAULT_DATA_DIR = "data";

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

  /** Default SQLite {@code synchronous} pragma: {@code FULL} (fsync the WAL at every commit). */
  public static final SqliteSynchronous DEFAULT_SQLITE_SYNCHRONOUS = SqliteSynchronous.FULL;

  /** Name of the audit log in the data directory unless {@code audit-log} says otherwise. */
  public static final String DEFAULT_AUDIT_LOG_NAME = "audit.log";

  private final String host;
  private final int port;
  private final StoreSettings store;
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
  private final InstallTokenSettings installTokens;
  private final int otumatMaxBodyBytes;
  private final int otumatMaxRows;
  private final Visibility defaultVisibility;
  private final int retentionDays;
  private final SourceSettings versionSources;
  private final AlertSettings alerts;
  private final Path auditLog;
  private final boolean auditLogOff;
  private final String metricsToken;
  private final LogFormat logFormat;

  ServerConfig(ServerConfigBuilder b) {
    this.host = b.host;
    this.port = b.port;
    this.store =
        new StoreSettings(
            b.dataDir,
            b.databaseUrl,
            b.sqliteSynchronous,
            b.sqlitePoolSize,
            b.sqliteBusyTimeout,
            b.database);
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
    this.ingestWriters = Math.max(1, b.ingestWriters);
    this.installTokens = b.installTokens;
    this.otumatMaxBodyBytes = b.otumatMaxBodyBytes;
    this.otumatMaxRows = b.otumatMaxRows;
    this.defaultVisibility = b.defaultVisibility;
    this.retentionDays = b.retentionDays;
    this.versionSources = b.versionSources;
    this.alerts = b.alerts;
    this.auditLog = b.auditLog;
    this.auditLogOff = b.auditLogOff;
    this.metricsToken = b.metricsToken;
    this.logFormat = b.logFormat;
  }

  /** A builder holding every default. */
  public static ServerConfigBuilder builder() {
    return new ServerConfigBuilder();
  }

  /** Bind address. */
  public String host() {
    return host;
  }

  /** TCP port; 0 picks a free one (see {@link UpkeepServer#port()}). */
  public int port() {
    return port;
  }

  /** See {@link StoreSettings#dataDir()}. */
  public Path dataDir() {
    return store.dataDir();
  }

  /** See {@link StoreSettings#jdbcUrl()}: null for the embedded SQLite store. */
  public String databaseUrl() {
    return store.jdbcUrl();
  }

  /** See {@link StoreSettings#database()}. */
  public DatabaseSettings database() {
    return store.database();
  }

  /**
   * How every command that opens the store opens it ({@code upkeep serve}, {@code upkeep store},
   * {@code upkeep demo}): {@code data}, {@code database-url}, the {@code database-*} and {@code
   * sqlite-*} settings (see {@link StoreSettings}).
   */
  public StoreSettings store() {
    return store;
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
  public SqliteSynchronous sqliteSynchronous() {
    return store.synchronous();
  }

  /**
   * How long install tokens live and how often the expired ones are purged ({@code
   * install-token-ttl}, {@code refresh-grace}, {@code purge-interval}).
   */
  public InstallTokenSettings installTokens() {
    return installTokens;
  }

  /** See {@link InstallTokenSettings#tokenTtl()}. */
  public Duration installTokenTtl() {
    return installTokens.tokenTtl();
  }

  /** Body limit in bytes for otumat's event upload ({@code otumat-max-body-bytes}). */
  public int otumatMaxBodyBytes() {
    return otumatMaxBodyBytes;
  }

  /** Most rows stored from one otumat upload ({@code otumat-max-rows}); the rest are dropped. */
  public int otumatMaxRows() {
    return otumatMaxRows;
  }

  /** See {@link InstallTokenSettings#refreshGrace()}. */
  public Duration refreshGrace() {
    return installTokens.refreshGrace();
  }

  /** See {@link InstallTokenSettings#purgeInterval()}. */
  public Duration purgeInterval() {
    return installTokens.purgeInterval();
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

  /** Release health alerts: evaluation interval, public URL, secrets key, SMTP server. */
  public AlertSettings alerts() {
    return alerts;
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
    return Optional.of(auditLog != null ? auditLog : dataDir().resolve(DEFAULT_AUDIT_LOG_NAME));
  }

  /**
   * The token {@code GET /metrics} requires as {@code Authorization: Bearer <token>}, or null when
   * {@code /metrics} is open (the default).
   */
  public String metricsToken() {
    return metricsToken;
  }

  /**
   * How {@code upkeep serve} writes its log on standard error ({@code log-format}): {@code text}
   * (the default) or {@code json}, one object per line (see {@link LogFormat}).
   */
  public LogFormat logFormat() {
    return logFormat;
  }

  /**
   * The effective settings by key, in a stable order, for {@code upkeep config} and the log;
   * secrets as {@code ***}.
   */
  public Map<String, String> describe() {
    return ConfigDescription.of(this);
  }
}
