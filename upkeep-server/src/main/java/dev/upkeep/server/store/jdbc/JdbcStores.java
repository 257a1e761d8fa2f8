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
import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Opens a {@link Store}: the embedded SQLite file or a PostgreSQL database, migrated to the current
 * schema by Flyway before it is returned; when a migration asks for it (the upgrade that introduced
 * rollups), the rollups are rebuilt from the stored events first.
 */
public final class JdbcStores {
  /** Name of the embedded database file inside the data directory: {@value}. */
  public static final String SQLITE_FILE = "upkeep.db";

  private JdbcStores() {}

  /**
   * Opens (creating if needed) {@code dataDir/upkeep.db} in WAL mode.
   *
   * <p>A new data directory is created 0700 and a new {@code upkeep.db} 0600 before SQLite opens
   * it, so its {@code -wal}, {@code -shm} and {@code -journal} files, which SQLite creates with the
   * database file's mode, are 0600 too (see {@link PrivateFiles}). An existing file is checked with
   * {@code PRAGMA quick_check} first (see {@link SqliteCheck}).
   *
   * <p>One process at a time: the store holds an OS lock on {@code upkeep.db.lock} beside the file
   * until it is closed ({@link SqliteLock}); the OS releases it when the process ends, however.
   *
   * @param synchronous SQLite {@code synchronous} pragma: FULL (fsync at every commit) or NORMAL
   * @throws StoreException if another process (or another store of this one) has the file open, the
   *     directory cannot be created, the file cannot be opened or is not an intact SQLite database
   *     (the message says what to do)
   */
  public static Store sqlite(Path dataDir, String synchronous) {
    Path file = dataDir.resolve(SQLITE_FILE).toAbsolutePath();
    SqliteLock lock = SqliteLock.acquire(file);
    try {
      return sqlite(dataDir, file, synchronous, lock);
    } catch (RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  private static Store sqlite(Path dataDir, Path file, String synchronous, SqliteLock lock) {
    try {
      PrivateFiles.directory(dataDir);
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
    sqlite.setSynchronous(SQLiteConfig.SynchronousMode.valueOf(synchronous));
    sqlite.setBusyTimeout(30_000);
    sqlite.enforceForeignKeys(true);
    SQLiteDataSource source = new SQLiteDataSource(sqlite);
    source.setUrl("jdbc:sqlite:" + file);
    HikariConfig pool = new HikariConfig();
    pool.setDataSource(source);
    pool.setPoolName("upkeep-sqlite");
    pool.setMaximumPoolSize(4);
    return open(new HikariDataSource(pool), Dialect.SQLITE, "sqlite:" + file, lock);
  }

  /**
   * Connects to PostgreSQL through a HikariCP pool.
   *
   * @param jdbcUrl e.g. {@code jdbc:postgresql://127.0.0.1:5432/upkeep?user=upkeep}
   * @throws StoreException if the database cannot be reached or migrated
   */
  public static Store postgres(String jdbcUrl) {
    HikariConfig pool = new HikariConfig();
    pool.setJdbcUrl(jdbcUrl);
    pool.setPoolName("upkeep-postgres");
    pool.setMaximumPoolSize(8);
    HikariDataSource ds;
    try {
      ds = new HikariDataSource(pool);
    } catch (RuntimeException e) {
      throw new StoreException(
          "cannot connect to PostgreSQL at " + withoutQuery(jdbcUrl) + ": " + e.getMessage(), e);
    }
    return open(ds, Dialect.POSTGRES, "postgres:" + withoutQuery(jdbcUrl), () -> {});
  }

  /** The URL without its query string, which may hold a password. */
  private static String withoutQuery(String jdbcUrl) {
    int q = jdbcUrl.indexOf('?');
    return q < 0 ? jdbcUrl : jdbcUrl.substring(0, q);
  }

  private static Store open(
      HikariDataSource ds, Dialect dialect, String name, AutoCloseable afterClose) {
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
    JdbcStore store = new JdbcStore(ds, dialect, name, afterClose);
    try {
      store.openPartitions();
    } catch (SQLException e) {
      store.close();
      throw new StoreException("cannot create the event partitions of " + name + ": " + e, e);
    }
    try {
      store.rebuildRollupsIfNeeded();
    } catch (RuntimeException e) {
      store.close();
      throw new StoreException("cannot rebuild the rollups of " + name + ": " + e.getMessage(), e);
    }
    return store;
  }
}
