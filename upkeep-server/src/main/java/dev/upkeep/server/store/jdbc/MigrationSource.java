package dev.upkeep.server.store.jdbc;

import dev.upkeep.server.store.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationState;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The SQLite store a migration copies from, opened read-only: SQLite's read-only open flag, no
 * pool, no Flyway migration, no pragma that writes; one read transaction for the whole run, so
 * every table is read from the same snapshot. A collector that holds the file is refused, and one
 * cannot open it while the migration runs: the migration holds a shared lock on the collector's
 * lock file ({@link SqliteLock#shared}), which writes nothing. Its {@link #fingerprint} tells a
 * resumed migration whether the source is still the one it began with. Not thread-safe: one thread
 * reads at a time.
 */
final class MigrationSource implements AutoCloseable {
  private final Path file;
  private final SQLiteDataSource dataSource;
  private final Connection connection;
  private final AutoCloseable lock;

  private MigrationSource(
      Path file, SQLiteDataSource dataSource, Connection connection, AutoCloseable lock) {
    this.file = file;
    this.dataSource = dataSource;
    this.connection = connection;
    this.lock = lock;
  }

  /**
   * Opens {@code path}: a data directory holding {@code upkeep.db}, or the file itself.
   *
   * @throws StoreException when there is no such file or it cannot be opened
   */
  static MigrationSource open(Path path) {
    Path file = Files.isDirectory(path) ? path.resolve(JdbcStores.SQLITE_FILE) : path;
    file = file.toAbsolutePath().normalize();
    if (!Files.isRegularFile(file)) {
      throw new StoreException(
          "no SQLite store at "
              + path
              + ": give the collector's data directory (holding "
              + JdbcStores.SQLITE_FILE
              + ") or the "
              + JdbcStores.SQLITE_FILE
              + " file itself",
          null);
    }
    AutoCloseable lock = SqliteLock.shared(file);
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    config.setBusyTimeout(30_000);
    SQLiteDataSource ds = new SQLiteDataSource(config);
    ds.setUrl("jdbc:sqlite:" + file);
    try {
      Connection c = ds.getConnection();
      c.setAutoCommit(false);
      return new MigrationSource(file, ds, c, lock);
    } catch (SQLException e) {
      closeQuietly(lock);
      throw new StoreException(
          "cannot open " + file + " read-only: " + SqliteCheck.sqliteMessage(e), e);
    }
  }

  /** The read-only connection, inside the run's read transaction. */
  Connection connection() {
    return connection;
  }

  /** {@code sqlite:} and the file, as the store describes itself. */
  String describe() {
    return "sqlite:" + file;
  }

  /**
   * Checks that the source's schema is the one this upkeep's SQLite migrations make: none pending,
   * none unknown, none failed.
   *
   * @throws StoreException saying what to do otherwise
   */
  void requireCurrentSchema() {
    MigrationInfoService info;
    try {
      info =
          Flyway.configure()
              .dataSource(dataSource)
              .locations(Dialect.SQLITE.migrations())
              .loggers("slf4j")
              .load()
              .info();
    } catch (RuntimeException e) {
      throw new StoreException(
          "cannot read the schema version of " + file + ": " + e.getMessage(), e);
    }
    MigrationInfo current = info.current();
    String version = current == null ? "none" : current.getVersion().getVersion();
    MigrationInfo[] all = info.all();
    String latest = all.length == 0 ? "none" : all[all.length - 1].getVersion().getVersion();
    if (Arrays.stream(all).anyMatch(m -> m.getState().isFailed())) {
      throw new StoreException(
          file
              + " has a failed schema migration (version "
              + version
              + "): start the collector on it once to see why, and fix that first",
          null);
    }
    if (Arrays.stream(all)
        .anyMatch(
            m ->
                m.getState() == MigrationState.FUTURE_SUCCESS
                    || m.getState() == MigrationState.FUTURE_FAILED)) {
      throw new StoreException(
          file
              + " has schema version "
              + version
              + ", newer than this upkeep's "
              + latest
              + ": migrate with the upkeep version that wrote it",
          null);
    }
    if (info.pending().length > 0) {
      throw new StoreException(
          file
              + " has schema version "
              + version
              + ", older than this upkeep's "
              + latest
              + ": upgrade it first (start this upkeep's collector on it once, `upkeep serve --data"
              + " DIR`, and stop it), then migrate",
          null);
    }
  }

  /** The tables of the source, SQLite's own included, by name. */
  List<String> tables() throws SQLException {
    List<String> tables = new ArrayList<>();
    try (Statement s = connection.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")) {
      while (rs.next()) {
        tables.add(rs.getString(1));
      }
    }
    return tables;
  }

  /** The columns of {@code table}, in their order. */
  List<String> columns(String table) throws SQLException {
    List<String> columns = new ArrayList<>();
    try (PreparedStatement ps =
        connection.prepareStatement("SELECT name FROM pragma_table_info(?) ORDER BY cid")) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          columns.add(rs.getString(1));
        }
      }
    }
    return columns;
  }

  /**
   * The primary key columns of {@code table}, in key order.
   *
   * @throws IllegalStateException when the table has none (a migration resumes by key)
   */
  List<String> primaryKey(String table) throws SQLException {
    List<String> key = new ArrayList<>();
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk")) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          key.add(rs.getString(1));
        }
      }
    }
    if (key.isEmpty()) {
      throw new IllegalStateException(
          "table " + table + " of the source has no primary key; upkeep store migrate needs one");
    }
    return key;
  }

  /** The number of rows of {@code table}. */
  long count(String table) throws SQLException {
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + SqlNames.quote(table))) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** The UTC months that have events. */
  TreeSet<YearMonth> eventMonths() throws SQLException {
    TreeSet<YearMonth> months = new TreeSet<>();
    try (Statement s = connection.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT DISTINCT strftime('%Y-%m', ts / 1000, 'unixepoch') FROM events"
                    + " WHERE ts >= 0")) {
      while (rs.next()) {
        months.add(YearMonth.parse(rs.getString(1)));
      }
    }
    return months;
  }

  /**
   * What identifies this source for a resumed migration, as ordered {@code name: value} items: the
   * size and modification time of the database file and of its write-ahead log, and the rows of
   * every table ({@code counts}). Equal fingerprints mean nothing was written in between.
   */
  Map<String, String> fingerprint(Map<String, Long> counts) {
    Map<String, String> items = new LinkedHashMap<>();
    items.put(file.getFileName().toString(), fileState(file));
    Path wal = file.resolveSibling(file.getFileName() + "-wal");
    items.put(wal.getFileName().toString(), fileState(wal));
    counts.forEach((table, rows) -> items.put(table, rows + " rows"));
    return items;
  }

  private static String fileState(Path f) {
    try {
      if (!Files.exists(f)) {
        return "0 bytes";
      }
      long size = Files.size(f);
      return size == 0
          ? "0 bytes"
          : size + " bytes, modified " + Files.getLastModifiedTime(f).toInstant();
    } catch (IOException e) {
      return "unreadable (" + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    try {
      connection.rollback();
      connection.close();
    } catch (SQLException e) {
      // read-only: nothing to lose
    } finally {
      closeQuietly(lock);
    }
  }

  private static void closeQuietly(AutoCloseable lock) {
    try {
      lock.close();
    } catch (Exception e) {
      // the OS releases it with the process anyway
    }
  }
}
