package dev.upkeep.server;

import static dev.upkeep.server.settings.NumberChecks.notNegative;
import static dev.upkeep.server.settings.NumberChecks.positive;

import dev.upkeep.server.alerts.AlertSettings;
import dev.upkeep.server.api.otumat.UploadLimits;
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
import java.util.Objects;

/**
 * Builds a {@link ServerConfig} ({@link ServerConfig#builder()}), holding every default; every
 * setter validates its argument and names the setting in the exception, and {@link #apply} takes
 * the settings as a {@code --config} file or {@code UPKEEP_*} variables write them. Not
 * thread-safe.
 */
public final class ServerConfigBuilder {
  String host = ServerConfig.DEFAULT_HOST;
  int port = ServerConfig.DEFAULT_PORT;
  Path dataDir = Path.of(ServerConfig.DEFAULT_DATA_DIR);
  String databaseUrl;
  DatabaseSettings database = DatabaseSettings.defaults();
  Path masterTokenFile;
  String backendHeader = ServerConfig.DEFAULT_BACKEND_HEADER;
  int maxBodyBytes = ServerConfig.DEFAULT_MAX_BODY_BYTES;
  int maxBatchBodyBytes = ServerConfig.DEFAULT_MAX_BATCH_BODY_BYTES;
  long maxBlobSize = DiskBlobStore.DEFAULT_MAX_BLOB_SIZE;
  BlobStoreSettings blobStore = BlobStoreSettings.defaults();
  int rateLimit = ServerConfig.DEFAULT_RATE_LIMIT;
  Duration rateWindow = ServerConfig.DEFAULT_RATE_WINDOW;
  boolean rateLimitEnabled = true;
  int clientEventLimit = IngestLimits.DEFAULT_CLIENT_EVENTS;
  int projectEventLimit = IngestLimits.DEFAULT_PROJECT_EVENTS;
  long maxEventsPerProjectDay = IngestLimits.DEFAULT_PROJECT_EVENTS_PER_DAY;
  LimitBackend rateLimitStore;
  TrustedProxies trustedProxies = TrustedProxies.NONE;
  Duration headerTimeout = HttpTimeouts.DEFAULT_HEADER;
  Duration requestTimeout = HttpTimeouts.DEFAULT_REQUEST;
  Duration idleTimeout = HttpTimeouts.DEFAULT_IDLE;
  int maxConnections = ServerConfig.DEFAULT_MAX_CONNECTIONS;
  int httpThreads;
  long maxHeapWarning = ServerConfig.DEFAULT_MAX_HEAP_WARNING;
  int queueCapacity;
  int maxBatch = ServerConfig.DEFAULT_MAX_BATCH;
  int ingestWriters;
  SqliteSynchronous sqliteSynchronous = ServerConfig.DEFAULT_SQLITE_SYNCHRONOUS;
  int sqlitePoolSize = StoreSettings.DEFAULT_SQLITE_POOL_SIZE;
  Duration sqliteBusyTimeout = StoreSettings.DEFAULT_SQLITE_BUSY_TIMEOUT;
  InstallTokenSettings installTokens = InstallTokenSettings.defaults();
  int otumatMaxBodyBytes = UploadLimits.DEFAULT_MAX_BODY_BYTES;
  int otumatMaxRows = UploadLimits.DEFAULT_MAX_ROWS;
  Visibility defaultVisibility = Visibility.COUNTS_PUBLIC;
  int retentionDays;
  SourceSettings versionSources = SourceSettings.defaults();
  AlertSettings alerts = AlertSettings.defaults();
  Path auditLog;
  boolean auditLogOff;
  String metricsToken;
  LogFormat logFormat = LogFormat.TEXT;

  ServerConfigBuilder() {}

  /** See {@link ServerConfig#logFormat()}. */
  public ServerConfigBuilder logFormat(LogFormat format) {
    this.logFormat = Objects.requireNonNull(format, "logFormat");
    return this;
  }

  /**
   * Where to append the audit log, or null for {@value ServerConfig#DEFAULT_AUDIT_LOG_NAME} in the
   * data directory (the default).
   */
  public ServerConfigBuilder auditLog(Path auditLog) {
    this.auditLog = auditLog;
    this.auditLogOff = false;
    return this;
  }

  /** Turns the audit log off ({@code audit-log = off}). */
  public ServerConfigBuilder auditLogOff() {
    this.auditLog = null;
    this.auditLogOff = true;
    return this;
  }

  /**
   * The bearer token {@code /metrics} requires, or null to leave it open (the default).
   *
   * @throws IllegalArgumentException when blank or shorter than 16 characters
   */
  public ServerConfigBuilder metricsToken(String metricsToken) {
    if (metricsToken != null && metricsToken.strip().length() < 16) {
      throw new IllegalArgumentException(
          "metrics-token must be at least 16 characters, was " + metricsToken.strip().length());
    }
    this.metricsToken = metricsToken == null ? null : metricsToken.strip();
    return this;
  }

  public ServerConfigBuilder host(String host) {
    this.host = Objects.requireNonNull(host, "host");
    return this;
  }

  public ServerConfigBuilder port(int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
    }
    this.port = port;
    return this;
  }

  public ServerConfigBuilder dataDir(Path dataDir) {
    this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
    return this;
  }

  /** A {@code jdbc:postgresql:} URL, or null for the embedded store. */
  public ServerConfigBuilder databaseUrl(String databaseUrl) {
    if (databaseUrl != null && !databaseUrl.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException(
          "database-url must start with jdbc:postgresql:, was " + databaseUrl);
    }
    this.databaseUrl = databaseUrl;
    return this;
  }

  /** The connection settings of the store, all at once (see {@link DatabaseSettings}). */
  public ServerConfigBuilder database(DatabaseSettings settings) {
    this.database = Objects.requireNonNull(settings, "database");
    return this;
  }

  public ServerConfigBuilder masterTokenFile(Path masterTokenFile) {
    this.masterTokenFile = masterTokenFile;
    return this;
  }

  public ServerConfigBuilder backendHeader(String backendHeader) {
    if (backendHeader == null || backendHeader.isBlank()) {
      throw new IllegalArgumentException("backend-header must not be blank");
    }
    this.backendHeader = backendHeader;
    return this;
  }

  public ServerConfigBuilder maxBodyBytes(int maxBodyBytes) {
    this.maxBodyBytes = positive("max-body-bytes", maxBodyBytes);
    return this;
  }

  public ServerConfigBuilder maxBatchBodyBytes(int maxBatchBodyBytes) {
    this.maxBatchBodyBytes = positive("max-batch-body-bytes", maxBatchBodyBytes);
    return this;
  }

  /** See {@link ServerConfig#maxBlobSize()}; at least 0. */
  public ServerConfigBuilder maxBlobSize(long maxBlobSize) {
    if (maxBlobSize < 0) {
      throw new IllegalArgumentException("max-blob-size must be at least 0, was " + maxBlobSize);
    }
    this.maxBlobSize = maxBlobSize;
    return this;
  }

  public ServerConfigBuilder rateLimit(int rateLimit) {
    this.rateLimit = positive("rate-limit", rateLimit);
    return this;
  }

  public ServerConfigBuilder rateWindow(Duration rateWindow) {
    if (rateWindow.isNegative() || rateWindow.isZero()) {
      throw new IllegalArgumentException("rate-window must be positive, was " + rateWindow);
    }
    this.rateWindow = rateWindow;
    return this;
  }

  /** False bypasses the rate limit entirely. */
  public ServerConfigBuilder rateLimitEnabled(boolean rateLimitEnabled) {
    this.rateLimitEnabled = rateLimitEnabled;
    return this;
  }

  /**
   * Most HTTP server threads, 8 to 1000, or 0 for the default sized by the processors (see {@link
   * ServerConfig#httpThreads()}).
   *
   * @throws IllegalArgumentException outside that range
   */
  public ServerConfigBuilder httpThreads(int threads) {
    if (threads != 0 && (threads < 8 || threads > 1000)) {
      throw new IllegalArgumentException("http-threads must be 8 to 1000 or auto, was " + threads);
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
  public ServerConfigBuilder maxHeapWarning(long bytes) {
    this.maxHeapWarning = notNegative("max-heap-warning", bytes);
    return this;
  }

  /** Events the ingest queue holds; positive (the default is sized by the heap). */
  public ServerConfigBuilder queueCapacity(int queueCapacity) {
    this.queueCapacity = positive("queue-capacity", queueCapacity);
    return this;
  }

  public ServerConfigBuilder maxBatch(int maxBatch) {
    this.maxBatch = positive("max-batch", maxBatch);
    return this;
  }

  /** Writer threads, 1 to 16, or 0 for the default (see {@link #ingestWriters()}). */
  public ServerConfigBuilder ingestWriters(int writers) {
    if (writers < 0 || writers > 16) {
      throw new IllegalArgumentException("ingest-writers must be 1 to 16 or auto, was " + writers);
    }
    this.ingestWriters = writers;
    return this;
  }

  /**
   * SQLite's {@code synchronous} pragma for the collector: {@code FULL} (the default) or {@code
   * NORMAL}.
   *
   * @throws IllegalArgumentException for {@link SqliteSynchronous#OFF}, which only {@code upkeep
   *     demo} uses
   */
  public ServerConfigBuilder sqliteSynchronous(SqliteSynchronous mode) {
    this.sqliteSynchronous = SqliteSynchronous.parse(mode.name());
    return this;
  }

  /** See {@link StoreSettings#sqlitePoolSize()}. */
  public ServerConfigBuilder sqlitePoolSize(int size) {
    this.sqlitePoolSize = StoreSettings.checkSqlitePoolSize(size);
    return this;
  }

  /** See {@link StoreSettings#sqliteBusyTimeout()}. */
  public ServerConfigBuilder sqliteBusyTimeout(Duration timeout) {
    this.sqliteBusyTimeout = StoreSettings.checkSqliteBusyTimeout(timeout);
    return this;
  }

  /**
   * Lifetime of install access tokens, in whole seconds; at least one second.
   *
   * @throws IllegalArgumentException when shorter than one second or not whole seconds
   */
  public ServerConfigBuilder installTokenTtl(Duration ttl) {
    this.installTokens = installTokens.withTokenTtl(ttl);
    return this;
  }

  public ServerConfigBuilder otumatMaxBodyBytes(int bytes) {
    this.otumatMaxBodyBytes = positive("otumat-max-body-bytes", bytes);
    return this;
  }

  public ServerConfigBuilder otumatMaxRows(int rows) {
    this.otumatMaxRows = positive("otumat-max-rows", rows);
    return this;
  }

  /**
   * Grace period of a rotated refresh token, whole seconds from 0 (off: every reuse is a replay) to
   * 3600.
   *
   * @throws IllegalArgumentException outside that range or not whole seconds
   */
  public ServerConfigBuilder refreshGrace(Duration grace) {
    this.installTokens = installTokens.withRefreshGrace(grace);
    return this;
  }

  /**
   * Interval of the purge, at least one second.
   *
   * @throws IllegalArgumentException when shorter
   */
  public ServerConfigBuilder purgeInterval(Duration interval) {
    this.installTokens = installTokens.withPurgeInterval(interval);
    return this;
  }

  /**
   * See {@link ServerConfig#retentionDays()}: 0 for off.
   *
   * @throws IllegalArgumentException when negative
   */
  public ServerConfigBuilder retentionDays(int days) {
    if (days < 0) {
      throw new IllegalArgumentException("retention must be off or a number of days, was " + days);
    }
    this.retentionDays = days;
    return this;
  }

  /** See {@link ServerConfig#defaultVisibility()}. */
  public ServerConfigBuilder defaultVisibility(Visibility visibility) {
    this.defaultVisibility = Objects.requireNonNull(visibility, "defaultVisibility");
    return this;
  }

  /** See {@link ServerConfig#blobStore()}. */
  public ServerConfigBuilder blobStore(BlobStoreSettings settings) {
    this.blobStore = Objects.requireNonNull(settings, "blobStore");
    return this;
  }

  /** Release health alerts' settings ({@link AlertSettings}), all at once. */
  public ServerConfigBuilder alerts(AlertSettings settings) {
    this.alerts = Objects.requireNonNull(settings, "alerts");
    return this;
  }

  /**
   * The release-source settings ({@code maven-repository-url}, {@code github-api-url}, {@code
   * github-token}, {@code version-source-ttl}, {@code version-source-timeout}), all at once.
   */
  public ServerConfigBuilder versionSources(SourceSettings settings) {
    this.versionSources = Objects.requireNonNull(settings, "versionSources");
    return this;
  }

  /**
   * Applies settings from string key/value pairs (a {@code --config} properties file, {@code
   * UPKEEP_*} environment variables); keys are the names of {@link ServerConfig#describe()}.
   *
   * @param source where the pairs come from, named in the exception ({@code environment}, a file)
   * @throws IllegalArgumentException naming the source and the key for an unknown key or a bad
   *     value
   */
  public ServerConfigBuilder apply(Map<String, String> settings, String source) {
    SettingKeys.apply(this, settings, source);
    return this;
  }

  /**
   * The configuration.
   *
   * @throws IllegalArgumentException when two settings do not fit together: {@code rate-limit-store
   *     = postgres} or {@code ingest-writers} above 1 without a {@code database-url}, or {@code
   *     smtp-*} settings that do not ({@link AlertSettings#smtp()})
   */
  public ServerConfig build() {
    if (rateLimitStore == LimitBackend.POSTGRES && databaseUrl == null) {
      throw new IllegalArgumentException(
          "rate-limit-store = postgres needs database-url (the limits live in the collector's"
              + " PostgreSQL database); use memory or a redis:// URL with the embedded store");
    }
    if (ingestWriters > 1 && databaseUrl == null) {
      throw new IllegalArgumentException(
          "ingest-writers must be 1 (or auto) with the embedded SQLite store, which writes one"
              + " transaction at a time; was "
              + ingestWriters);
    }
    alerts.smtp(); // the smtp-* settings checked together, naming what does not fit
    return new ServerConfig(this);
  }

  /** Time from a request's first byte to the end of its header (default 10 s). */
  public ServerConfigBuilder headerTimeout(Duration timeout) {
    this.headerTimeout = Objects.requireNonNull(timeout, "headerTimeout");
    return this;
  }

  /** Time from a request's first byte to the end of its body (default 60 s). */
  public ServerConfigBuilder requestTimeout(Duration timeout) {
    this.requestTimeout = Objects.requireNonNull(timeout, "requestTimeout");
    return this;
  }

  /** Time a connection may stay without a byte read or written (default 30 s). */
  public ServerConfigBuilder idleTimeout(Duration timeout) {
    this.idleTimeout = Objects.requireNonNull(timeout, "idleTimeout");
    return this;
  }

  /** Most connections open at once (default {@value ServerConfig#DEFAULT_MAX_CONNECTIONS}). */
  public ServerConfigBuilder maxConnections(int connections) {
    this.maxConnections = positive("max-connections", connections);
    return this;
  }

  /**
   * Events one client address may send per rate window on average (default {@value
   * IngestLimits#DEFAULT_CLIENT_EVENTS}); 0 turns it off. Beyond it: 429 with {@code Retry-After}.
   */
  public ServerConfigBuilder clientEventLimit(int events) {
    this.clientEventLimit = notNegative("client-event-limit", events);
    return this;
  }

  /**
   * Events one project may receive per rate window from all clients (default {@value
   * IngestLimits#DEFAULT_PROJECT_EVENTS}); 0 turns it off.
   */
  public ServerConfigBuilder projectEventLimit(int events) {
    this.projectEventLimit = notNegative("project-event-limit", events);
    return this;
  }

  /**
   * Events one project may receive per UTC day (default {@value
   * IngestLimits#DEFAULT_PROJECT_EVENTS_PER_DAY}); 0 turns it off.
   */
  public ServerConfigBuilder maxEventsPerProjectDay(long events) {
    this.maxEventsPerProjectDay = notNegative("max-events-per-project-day", events);
    return this;
  }

  /**
   * Where the limits are counted, or null for the default: {@code postgres} with a {@code
   * database-url}, else {@code memory}. {@code postgres} without a {@code database-url} is refused
   * by {@link #build()}.
   */
  public ServerConfigBuilder rateLimitStore(LimitBackend store) {
    this.rateLimitStore = store;
    return this;
  }

  /** The reverse proxies trusted to name the client in {@code X-Forwarded-For}. */
  public ServerConfigBuilder trustedProxies(TrustedProxies proxies) {
    this.trustedProxies = Objects.requireNonNull(proxies, "trustedProxies");
    return this;
  }
}
