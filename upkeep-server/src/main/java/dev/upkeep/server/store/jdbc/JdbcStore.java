package dev.upkeep.server.store.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.upkeep.server.store.AlertStore;
import dev.upkeep.server.store.ChangeLog;
import dev.upkeep.server.store.EventStore;
import dev.upkeep.server.store.InstallStore;
import dev.upkeep.server.store.PrivacyStore;
import dev.upkeep.server.store.ProjectStore;
import dev.upkeep.server.store.ReleaseStore;
import dev.upkeep.server.store.Store;
import dev.upkeep.server.store.StoreException;
import dev.upkeep.server.store.TokenStore;
import dev.upkeep.server.store.VersionSourceStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A {@link Store} over a JDBC pool; the SQL is shared by SQLite and PostgreSQL. */
final class JdbcStore implements Store {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcStore.class);

  private final HikariDataSource ds;
  private final Dialect dialect;
  private final String name;
  private final Jdbi jdbi;
  private final EventPartitions partitions;
  private final JdbcEventStore events;
  private final JdbcProjectStore projects;
  private final JdbcTokenStore tokens;
  private final JdbcInstallStore installs;
  private final JdbcVersionSourceStore versionSources;
  private final JdbcReleaseStore releases;
  private final JdbcChanges changes;
  private final JdbcPrivacyStore privacy;
  private final JdbcAlertStore alerts;
  private final AutoCloseable afterClose;

  /**
   * A store on the {@link StoreClock#SYSTEM} clock.
   *
   * @param afterClose run once, after the pool is closed (releases the SQLite file's {@link
   *     SqliteLock})
   */
  JdbcStore(HikariDataSource ds, Dialect dialect, String name, AutoCloseable afterClose) {
    this(ds, dialect, name, afterClose, StoreClock.SYSTEM);
  }

  /**
   * @param afterClose run once, after the pool is closed (releases the SQLite file's {@link
   *     SqliteLock})
   * @param clock dates what the store records (projects, versions) and decides which days and
   *     months are sealed and which event partitions exist
   */
  JdbcStore(
      HikariDataSource ds, Dialect dialect, String name, AutoCloseable afterClose, Clock clock) {
    this.ds = ds;
    this.dialect = dialect;
    this.name = name;
    this.jdbi = Jdbi.create(ds);
    this.partitions = dialect == Dialect.POSTGRES ? new EventPartitions(clock) : null;
    EventAppender appender =
        dialect == Dialect.POSTGRES
            ? new PostgresAppender(ds, partitions, clock)
            : new SqliteAppender(ds.getDataSource(), clock);
    this.events = new JdbcEventStore(ds, jdbi, dialect, name, appender, clock);
    this.projects = new JdbcProjectStore(jdbi, clock);
    this.tokens = new JdbcTokenStore(jdbi, dialect);
    this.installs = new JdbcInstallStore(jdbi);
    this.versionSources = new JdbcVersionSourceStore(jdbi);
    this.releases = new JdbcReleaseStore(jdbi);
    this.changes = new JdbcChanges(jdbi);
    this.privacy = new JdbcPrivacyStore(ds, dialect, events);
    this.alerts = new JdbcAlertStore(jdbi);
    this.afterClose = afterClose;
  }

  @Override
  public AlertStore alerts() {
    return alerts;
  }

  @Override
  public EventStore events() {
    return events;
  }

  @Override
  public ProjectStore projects() {
    return projects;
  }

  @Override
  public TokenStore tokens() {
    return tokens;
  }

  @Override
  public InstallStore installs() {
    return installs;
  }

  @Override
  public VersionSourceStore versionSources() {
    return versionSources;
  }

  @Override
  public ReleaseStore releases() {
    return releases;
  }

  @Override
  public ChangeLog changes() {
    return changes;
  }

  @Override
  public PrivacyStore privacy() {
    return privacy;
  }

  /** Rebuilds the rollups when a migration left them to be rebuilt (once, after an upgrade). */
  void rebuildRollupsIfNeeded() {
    events.rebuildIfNeeded();
  }

  /** PostgreSQL: learns the month partitions of events and creates this month's and the next. */
  void openPartitions() throws SQLException {
    if (partitions != null) {
      try (Connection c = ds.getConnection()) {
        partitions.open(c);
      }
    }
  }

  @Override
  public void check() {
    try {
      jdbi.withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one());
    } catch (RuntimeException e) {
      throw new StoreException(name + " does not answer: " + e.getMessage(), e);
    }
  }

  @Override
  public String describe() {
    return name;
  }

  @Override
  public void close() {
    if (ds.isClosed()) {
      return;
    }
    events.closeAppender();
    if (dialect == Dialect.SQLITE) {
      try {
        jdbi.useHandle(h -> h.execute("PRAGMA wal_checkpoint(TRUNCATE)"));
      } catch (RuntimeException e) {
        LOG.warn("WAL checkpoint of {} at close failed: {}", name, e.toString());
      }
    }
    try {
      ds.close();
    } finally {
      try {
        afterClose.close();
      } catch (Exception e) {
        LOG.warn("closing {}: {}", name, e.toString());
      }
    }
  }
}
