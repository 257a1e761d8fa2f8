package dev.upkeep.server.limits;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.upkeep.server.threads.DaemonTimer;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The limits in the collector's PostgreSQL database (table {@code limit_counters} and the functions
 * {@code upkeep_take_limits} / {@code upkeep_refund_limits} of migration V8): one statement, one
 * round trip, per decision, atomic across every collector on the database.
 *
 * <p>It has its own small pool ({@value #POOL_SIZE} connections, at most 1 s to get one, 1 s
 * statement timeout, 2 s socket timeout), apart from the store's, so that a busy writer never
 * delays the limits and a slow limit never holds a writer's connection. Nothing connects at
 * construction. A sweep deletes stale counters once a minute ({@value #SWEEP_SECONDS} s).
 * Thread-safe.
 */
final class PostgresLimitStore implements LimitStore {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresLimitStore.class);

  /** Connections of the limits' pool: {@value}. */
  static final int POOL_SIZE = 8;

  /** Seconds between sweeps of stale counters: {@value}. */
  static final int SWEEP_SECONDS = 60;

  private static final String TAKE = "SELECT upkeep_take_limits(?, ?, ?, ?, ?, ?)";
  private static final String REFUND = "SELECT upkeep_refund_limits(?, ?, ?, ?, ?)";
  private static final String SWEEP =
      "DELETE FROM limit_counters WHERE key IN (SELECT key FROM limit_counters"
          + " WHERE expires_at <= ? FOR UPDATE SKIP LOCKED)";

  private final HikariDataSource pool;
  private final Clock clock;
  private final ScheduledExecutorService sweeper;

  PostgresLimitStore(String jdbcUrl, Clock clock) {
    this.clock = clock;
    HikariConfig c = new HikariConfig();
    c.setJdbcUrl(jdbcUrl);
    c.setPoolName("upkeep-limits");
    c.setMaximumPoolSize(POOL_SIZE);
    // A fixed-size pool (HikariCP's advice); a decision waits at most a second for a connection,
    // then is counted locally (a database down, or too busy to keep up).
    c.setMinimumIdle(POOL_SIZE);
    c.setConnectionTimeout(1_000);
    c.setValidationTimeout(500);
    // Start without connecting: a database down at start is counted locally, not a failed start.
    c.setInitializationFailTimeout(-1);
    c.addDataSourceProperty("connectTimeout", "2");
    c.addDataSourceProperty("socketTimeout", "2");
    c.addDataSourceProperty("ApplicationName", "upkeep-limits");
    c.setConnectionInitSql("SET statement_timeout = 1000");
    this.pool = new HikariDataSource(c);
    this.sweeper = DaemonTimer.single("upkeep-limits-sweep");
    sweeper.scheduleWithFixedDelay(this::sweep, SWEEP_SECONDS, SWEEP_SECONDS, TimeUnit.SECONDS);
  }

  @Override
  public Decision take(List<Charge> charges) {
    if (charges.isEmpty()) {
      return Decision.TAKEN;
    }
    ChargeArrays a = new ChargeArrays(charges);
    try (Connection c = pool.getConnection();
        PreparedStatement ps = c.prepareStatement(TAKE)) {
      bind(c, ps, a);
      ps.setLong(6, clock.millis());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        Array waits = rs.getArray(1);
        Long[] w = (Long[]) waits.getArray();
        long[] out = new long[w.length];
        for (int i = 0; i < w.length; i++) {
          out[i] = w[i];
        }
        return a.decision(out);
      }
    } catch (SQLException e) {
      throw new LimitStoreException("the limits in PostgreSQL did not answer: " + e, e);
    }
  }

  @Override
  public void refund(List<Charge> charges) {
    if (charges.isEmpty()) {
      return;
    }
    ChargeArrays a = new ChargeArrays(charges);
    try (Connection c = pool.getConnection();
        PreparedStatement ps = c.prepareStatement(REFUND)) {
      bind(c, ps, a);
      ps.execute();
    } catch (SQLException e) {
      throw new LimitStoreException("the limits in PostgreSQL did not answer: " + e, e);
    }
  }

  /** Deletes the counters that equal new ones; returns how many. */
  int sweep() {
    try (Connection c = pool.getConnection();
        PreparedStatement ps = c.prepareStatement(SWEEP)) {
      ps.setLong(1, clock.millis());
      return ps.executeUpdate();
    } catch (SQLException | RuntimeException e) {
      // A database that does not answer is reported by the decisions (SharedLimitStore).
      LOG.debug("sweep of limit_counters failed: {}", e.toString());
      return 0;
    }
  }

  @Override
  public String describe() {
    return "postgres";
  }

  @Override
  public void close() {
    sweeper.shutdownNow();
    pool.close();
  }

  private static void bind(Connection c, PreparedStatement ps, ChargeArrays a) throws SQLException {
    ps.setArray(1, c.createArrayOf("text", a.keys));
    ps.setArray(2, c.createArrayOf("int4", a.kinds));
    ps.setArray(3, c.createArrayOf("int8", a.amounts));
    ps.setArray(4, c.createArrayOf("int8", a.limits));
    ps.setArray(5, c.createArrayOf("int8", a.periods));
  }
}
