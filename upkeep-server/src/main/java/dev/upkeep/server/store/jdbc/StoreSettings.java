package dev.upkeep.server.store.jdbc;

import dev.upkeep.server.settings.DurationText;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything {@link JdbcStores#open(StoreSettings)} needs to open a store, for every command that
 * opens one ({@code upkeep serve}, {@code upkeep store}, {@code upkeep demo}); {@code
 * dev.upkeep.server.ServerConfig#store()} makes it from the collector's settings (keys in
 * brackets). Immutable; the factories hold every default, the {@code with*} methods validate and
 * name the setting in their exception.
 *
 * @param dataDir {@code data}: the directory holding the embedded store's {@value
 *     JdbcStores#SQLITE_FILE} (a PostgreSQL store does not use it)
 * @param jdbcUrl {@code database-url}: a {@code jdbc:postgresql:} URL, or null for the embedded
 *     SQLite store in {@code dataDir}
 * @param synchronous {@code sqlite-synchronous}: SQLite's {@code synchronous} pragma, default
 *     {@link SqliteSynchronous#FULL}
 * @param sqlitePoolSize {@code sqlite-pool-size}: connections of the embedded store's pool, default
 *     {@value #DEFAULT_SQLITE_POOL_SIZE}, from {@value #MIN_SQLITE_POOL_SIZE} to {@value
 *     #MAX_SQLITE_POOL_SIZE} (SQLite writes one transaction at a time; the others read)
 * @param sqliteBusyTimeout {@code sqlite-busy-timeout}: longest wait of a SQLite statement for the
 *     write lock, default {@link #DEFAULT_SQLITE_BUSY_TIMEOUT}, from {@link
 *     #MIN_SQLITE_BUSY_TIMEOUT} to {@link #MAX_SQLITE_BUSY_TIMEOUT}
 * @param database {@code database-*}: how connections are used (see {@link DatabaseSettings}); of
 *     them the embedded store uses only the connect timeout
 */
public record StoreSettings(
    Path dataDir,
    String jdbcUrl,
    SqliteSynchronous synchronous,
    int sqlitePoolSize,
    Duration sqliteBusyTimeout,
    DatabaseSettings database) {
  /** Default connections of the embedded store's pool: {@value}. */
  public static final int DEFAULT_SQLITE_POOL_SIZE = 4;

  /** Fewest connections of the embedded store's pool: {@value} (a writer and a reader). */
  public static final int MIN_SQLITE_POOL_SIZE = 2;

  /** Most connections of the embedded store's pool: {@value}. */
  public static final int MAX_SQLITE_POOL_SIZE = 64;

  /** Default longest wait of a SQLite statement for the write lock: 30 seconds. */
  public static final Duration DEFAULT_SQLITE_BUSY_TIMEOUT = Duration.ofSeconds(30);

  /** Shortest {@code sqlite-busy-timeout}: 1 second. */
  public static final Duration MIN_SQLITE_BUSY_TIMEOUT = Duration.ofSeconds(1);

  /** Longest {@code sqlite-busy-timeout}: 1 hour. */
  public static final Duration MAX_SQLITE_BUSY_TIMEOUT = Duration.ofHours(1);

  private static final String POSTGRES_PREFIX = "jdbc:postgresql:";

  /**
   * Validates every setting, naming it.
   *
   * @throws IllegalArgumentException for a setting out of its range or a URL that is not {@code
   *     jdbc:postgresql:}
   */
  public StoreSettings {
    Objects.requireNonNull(dataDir, "data");
    if (jdbcUrl != null && !jdbcUrl.startsWith(POSTGRES_PREFIX)) {
      throw new IllegalArgumentException(
          "database-url must start with " + POSTGRES_PREFIX + ", was " + jdbcUrl);
    }
    Objects.requireNonNull(synchronous, "sqlite-synchronous");
    checkSqlitePoolSize(sqlitePoolSize);
    checkSqliteBusyTimeout(sqliteBusyTimeout);
    Objects.requireNonNull(database, "database");
  }

  /** The embedded store in {@code dataDir}, with every default. */
  public static StoreSettings sqlite(Path dataDir) {
    return new StoreSettings(
        dataDir,
        null,
        SqliteSynchronous.FULL,
        DEFAULT_SQLITE_POOL_SIZE,
        DEFAULT_SQLITE_BUSY_TIMEOUT,
        DatabaseSettings.defaults());
  }

  /** The PostgreSQL database at {@code jdbcUrl}, with every default. */
  public static StoreSettings postgres(String jdbcUrl) {
    return sqlite(Path.of("data")).withJdbcUrl(Objects.requireNonNull(jdbcUrl, "database-url"));
  }

  /** Which database these settings open: SQLite when there is no {@link #jdbcUrl()}. */
  public StoreKind kind() {
    return jdbcUrl == null ? StoreKind.SQLITE : StoreKind.POSTGRES;
  }

  /** With {@code data}. */
  public StoreSettings withDataDir(Path dir) {
    return new StoreSettings(
        dir, jdbcUrl, synchronous, sqlitePoolSize, sqliteBusyTimeout, database);
  }

  /** With {@code database-url}; null for the embedded store. */
  public StoreSettings withJdbcUrl(String url) {
    return new StoreSettings(
        dataDir, url, synchronous, sqlitePoolSize, sqliteBusyTimeout, database);
  }

  /** With {@code sqlite-synchronous}. */
  public StoreSettings withSynchronous(SqliteSynchronous mode) {
    return new StoreSettings(dataDir, jdbcUrl, mode, sqlitePoolSize, sqliteBusyTimeout, database);
  }

  /** With {@code sqlite-pool-size}. */
  public StoreSettings withSqlitePoolSize(int size) {
    return new StoreSettings(dataDir, jdbcUrl, synchronous, size, sqliteBusyTimeout, database);
  }

  /** With {@code sqlite-busy-timeout}. */
  public StoreSettings withSqliteBusyTimeout(Duration timeout) {
    return new StoreSettings(dataDir, jdbcUrl, synchronous, sqlitePoolSize, timeout, database);
  }

  /** With the {@code database-*} settings. */
  public StoreSettings withDatabase(DatabaseSettings settings) {
    return new StoreSettings(
        dataDir, jdbcUrl, synchronous, sqlitePoolSize, sqliteBusyTimeout, settings);
  }

  /**
   * For maintenance (the {@code upkeep store} and {@code upkeep demo} commands): without a
   * statement timeout, since a rollup rebuild of a large store runs for minutes.
   */
  public StoreSettings forMaintenance() {
    return withDatabase(database.withStatementTimeout(Duration.ZERO));
  }

  /**
   * Checks {@code sqlite-pool-size}.
   *
   * @return {@code size}
   * @throws IllegalArgumentException outside {@value #MIN_SQLITE_POOL_SIZE} to {@value
   *     #MAX_SQLITE_POOL_SIZE}
   */
  public static int checkSqlitePoolSize(int size) {
    if (size < MIN_SQLITE_POOL_SIZE || size > MAX_SQLITE_POOL_SIZE) {
      throw new IllegalArgumentException(
          "sqlite-pool-size must be between "
              + MIN_SQLITE_POOL_SIZE
              + " and "
              + MAX_SQLITE_POOL_SIZE
              + ", was "
              + size);
    }
    return size;
  }

  /**
   * Checks {@code sqlite-busy-timeout}.
   *
   * @return {@code timeout}
   * @throws IllegalArgumentException when null or outside 1 second to 1 hour
   */
  public static Duration checkSqliteBusyTimeout(Duration timeout) {
    Objects.requireNonNull(timeout, "sqlite-busy-timeout");
    if (timeout.compareTo(MIN_SQLITE_BUSY_TIMEOUT) < 0
        || timeout.compareTo(MAX_SQLITE_BUSY_TIMEOUT) > 0) {
      throw new IllegalArgumentException(
          "sqlite-busy-timeout must be from 1s to 1h, was " + DurationText.format(timeout));
    }
    return timeout;
  }
}
