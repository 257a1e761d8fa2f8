package dev.upkeep.server.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.upkeep.server.files.PrivateFiles;
import dev.upkeep.server.store.Store;
import dev.upkeep.server.store.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Opens a {@link Store}: the embedded SQLite file or a PostgreSQL database, migrated to the current
 * schema by Flyway before it is returned; when a migration asks for it (the upgrade that introduced
 * rollups), the rollups are rebuilt from the stored events first.
 *
 * <p>Every store returned has its calls behind a {@link FaultBoundary}: a fault of the database (a
 * full or failing disk, a database that cannot be reached or does not answer in time) leaves any
 * call as {@link dev.upkeep.server.store.fault.StorageUnavailableException}, and while the database
 * cannot be reached calls fail at once instead of waiting (see {@link StoreOutage}).
 */
public final class JdbcStores {
  /** Name of the embedded database file inside the data directory: {@value}. */
  public static final String SQLITE_FILE = "upkeep.db";

  private JdbcStores() {}

  /**
   * Opens the store {@code settings} name, migrated: the embedded SQLite file (see below) or a
   * PostgreSQL database (see {@link #postgres(String, DatabaseSettings)}).
   *
   * @throws StoreException when it cannot be opened or migrated (the message says what to do)
   */
  public static Store open(StoreSettings settings) {
    return open(settings, StoreClock.SYSTEM);
  }

  /**
   * As {@link #open(StoreSettings)}, the store dating and sealing what it writes by {@code clock}
   * (the collector's).
   */
  public static Store open(StoreSettings settings, Clock clock) {
    return settings.kind() == StoreKind.SQLITE
        ? sqlite(settings, clock)
        : postgres(settings.jdbcUrl(), settings.database(), clock);
  }

  /**
   * Opens (creating if needed) {@code dataDir/upkeep.db} in WAL mode with every other default of
   * {@link StoreSettings#sqlite(Path)}, as {@link #open(StoreSettings)} opens it.
   *
   * @throws StoreException as {@link #open(StoreSettings)}
   */
  public static Store sqlite(Path dataDir, SqliteSynchronous synchronous) {
    return sqlite(StoreSettings.sqlite(dataDir).withSynchronous(synchronous), StoreClock.SYSTEM);
  }

  /**
   * Opens (creating if needed) {@code upkeep.db} in {@code settings}' data directory in WAL mode,
   * with its {@code synchronous} pragma, a pool of its {@code sqlite-pool-size} connections (a
   * caller waits at most its connect timeout for one; the ingest writer keeps one more of its own,
   * see {@link WriterConnection}) and its busy timeout (a statement's longest wait for SQLite's
   * write lock). Its other settings concern PostgreSQL.
   *
   * <p>A new data directory is created 0700 and a new {@code upkeep.db} 0600 before SQLite opens
   * it, so its {@code -wal}, {@code -shm} and {@code -journal} files, which SQLite creates with the
   * database file's mode, are 0600 too (see {@link PrivateFiles}). An existing file is checked with
   * {@code PRAGMA quick_check} first (see {@link SqliteCheck}).
   *
   * <p>One process at a time: the store holds an OS lock on {@code upkeep.db.lock} beside the file
   * until it is closed ({@link SqliteLock}); the OS releases it when the process ends, however.
   *
   * @throws StoreException if another process (or another store of this one) has the file open, the
   *     directory cannot be created, the file cannot be opened or is not an intact SQLite database
   *     (the message says what to do)
   */
  private static Store sqlite(StoreSettings settings, Clock clock) {
    Path file = settings.dataDir().resolve(SQLITE_FILE).toAbsolutePath();
    SqliteLock lock = SqliteLock.acquire(file, clock);
    try {
      return sqlite(settings, file, lock, clock);
    } catch (RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  private static Store sqlite(StoreSettings settings, Path file, SqliteLock lock, Clock clock) {
    try {
      PrivateFiles.directory(settings.dataDir());
      if (!PrivateFiles.file(file)) {
        for (String suffix : new String[] {"-wal", "-shm", "-journal"}) {
          Path side = file.resolveSibling(SQLITE_FILE + suffix);
          if (Files.exists(side)) {
            PrivateFiles.checkPrivate(side);
          }
        }
        SqliteCheck.requireIntact(file);
      }
    } catch (IOException e) {
      throw new StoreException("cannot create " + file + ": " + e, e);
    }
    SQLiteConfig sqlite = new SQLiteConfig();
    sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
    sqlite.setSynchronous(SQLiteConfig.SynchronousMode.valueOf(settings.synchronous().name()));
    sqlite.setBusyTimeout((int) settings.sqliteBusyTimeout().toMillis());
    sqlite.enforceForeignKeys(true);
    // what a split or a delete leaves of a page's old content is zeroed where that costs no I/O,
    // so that a forgotten user's id does not outlive its rows in unused parts of pages
    // (JdbcPrivacyStore turns it fully on while it forgets)
    sqlite.setPragma(SQLiteConfig.Pragma.SECURE_DELETE, "FAST");
    SQLiteDataSource source = new SQLiteDataSource(sqlite);
    source.setUrl("jdbc:sqlite:" + file);
    HikariConfig pool = new HikariConfig();
    pool.setDataSource(source);
    pool.setPoolName("upkeep-sqlite");
    pool.setMaximumPoolSize(settings.sqlitePoolSize());
    pool.setConnectionTimeout(settings.database().connectTimeout().toMillis());
    HikariDataSource ds = new HikariDataSource(pool);
    String name = "sqlite:" + file;
    migrate(ds, Dialect.SQLITE, name);
    return guarded(
        rebuildIfNeeded(openPartitions(new JdbcStore(ds, Dialect.SQLITE, name, lock, clock))));
  }

  /**
   * Connects to PostgreSQL for maintenance (the {@code upkeep store} and {@code upkeep demo}
   * commands, tests): {@link DatabaseSettings#defaults()} without a statement timeout, since a
   * rollup rebuild of a large store runs for minutes.
   *
   * @param jdbcUrl e.g. {@code jdbc:postgresql://127.0.0.1:5432/upkeep?user=upkeep}
   * @throws StoreException if the database cannot be reached or migrated
   */
  public static Store postgres(String jdbcUrl) {
    return open(StoreSettings.postgres(jdbcUrl).forMaintenance());
  }

  /**
   * Connects to PostgreSQL through a fixed HikariCP pool made by {@code settings} (see {@link
   * DatabaseSettings} and {@link PostgresPool}). The schema is migrated, and the rollups rebuilt
   * when a migration asks for it, first, on two connections of their own without a statement
   * timeout, closed before the pool opens.
   *
   * <p>The store's calls turn a failure of the database (refused or broken connections, a shutdown,
   * too many connections, a statement timeout, no free connection within the connect timeout) into
   * {@link dev.upkeep.server.store.fault.StorageUnavailableException}, and while the database
   * cannot be reached they fail at once instead of each waiting the connect timeout (see {@link
   * StoreOutage}); the pool reconnects by itself when the database answers again (HikariCP retries
   * with a backoff of at most 5 s).
   *
   * @param jdbcUrl e.g. {@code jdbc:postgresql://127.0.0.1:5432/upkeep?user=upkeep}
   * @throws StoreException if the database cannot be reached or migrated
   */
  public static Store postgres(String jdbcUrl, DatabaseSettings settings) {
    return postgres(jdbcUrl, settings, StoreClock.SYSTEM);
  }

  private static Store postgres(String jdbcUrl, DatabaseSettings settings, Clock clock) {
    String name = "postgres:" + withoutQuery(jdbcUrl);
    try (HikariDataSource maintenance = connect(PostgresPool.maintenance(jdbcUrl, settings))) {
      migrate(maintenance, Dialect.POSTGRES, name);
      rebuildIfNeeded(
          openPartitions(new JdbcStore(maintenance, Dialect.POSTGRES, name, () -> {}, clock)));
    }
    // the collector's store learns the partitions the maintenance store made
    return guarded(
        openPartitions(
            new JdbcStore(
                connect(PostgresPool.serving(jdbcUrl, settings)),
                Dialect.POSTGRES,
                name,
                () -> {},
                clock)));
  }

  private static HikariDataSource connect(HikariConfig pool) {
    try {
      return new HikariDataSource(pool);
    } catch (RuntimeException e) {
      throw new StoreException(
          "cannot connect to PostgreSQL at "
              + withoutQuery(pool.getJdbcUrl())
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /** The URL without its query string, which may hold a password. */
  private static String withoutQuery(String jdbcUrl) {
    int q = jdbcUrl.indexOf('?');
    return q < 0 ? jdbcUrl : jdbcUrl.substring(0, q);
  }

  /**
   * Migrates the schema with Flyway; on SQLite, not at all when {@link CurrentSchema} finds it
   * already exactly at this build's migrations (the common start, about 0.2 s saved). PostgreSQL
   * always goes through Flyway and its lock, which several collectors may contend for.
   */
  private static void migrate(HikariDataSource ds, Dialect dialect, String name) {
    if (dialect == Dialect.SQLITE && CurrentSchema.current(ds, dialect)) {
      return;
    }
    try {
      Flyway.configure()
          .dataSource(ds)
          .locations(dialect.migrations())
          .loggers("slf4j")
          .load()
          .migrate();
    } catch (RuntimeException e) {
      ds.close();
      throw new StoreException("cannot migrate the schema of " + name + ": " + e.getMessage(), e);
    }
  }

  /**
   * PostgreSQL: learns the month partitions of the events and creates this month's and the next;
   * closes the store when that fails.
   */
  private static JdbcStore openPartitions(JdbcStore store) {
    try {
      store.openPartitions();
    } catch (SQLException e) {
      store.close();
      throw new StoreException(
          "cannot create the event partitions of " + store.describe() + ": " + e, e);
    }
    return store;
  }

  /** Rebuilds the rollups when a migration asked for it; closes the store when that fails. */
  private static JdbcStore rebuildIfNeeded(JdbcStore store) {
    try {
      store.rebuildRollupsIfNeeded();
    } catch (RuntimeException e) {
      store.close();
      throw new StoreException(
          "cannot rebuild the rollups of " + store.describe() + ": " + e.getMessage(), e);
    }
    return store;
  }

  /** The store behind its {@link FaultBoundary}. */
  private static Store guarded(JdbcStore store) {
    return new GuardedStore(store, new StoreOutage(store.describe()));
  }
}
