package dev.upkeep.server.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import java.time.Duration;

/**
 * The HikariCP configuration of a PostgreSQL store, from its JDBC URL and {@link DatabaseSettings}:
 * the running collector's fixed pool, and a small pool for migrations and rollup rebuilds, which
 * may run for minutes and so get no statement or socket timeout.
 *
 * <p>pgjdbc properties set here ({@code ApplicationName}, {@code connectTimeout}, {@code
 * loginTimeout}, {@code socketTimeout}, {@code tcpKeepAlive}) are defaults that a parameter of the
 * same name in the URL overrides; {@code statement_timeout} is set with {@code SET} on every new
 * connection of the collector's pool, whatever the URL says.
 */
final class PostgresPool {
  /** HikariCP's keepalive of idle connections: 2 minutes (its default). */
  static final Duration KEEPALIVE = Duration.ofMinutes(2);

  /** Longest validation of a borrowed connection that was idle: 5 seconds. */
  static final Duration MAX_VALIDATION = Duration.ofSeconds(5);

  /** Connections of the maintenance pool: {@value} (Flyway's lock and its migration). */
  static final int MAINTENANCE_POOL_SIZE = 2;

  private PostgresPool() {}

  /** The collector's pool: every setting applied. */
  static HikariConfig serving(String jdbcUrl, DatabaseSettings s) {
    HikariConfig c = common(jdbcUrl, s, "upkeep-postgres");
    c.setMaximumPoolSize(s.poolSize());
    Duration statement = s.statementTimeout();
    if (!statement.isZero()) {
      c.setConnectionInitSql("SET statement_timeout = " + statement.toMillis());
      c.addDataSourceProperty(
          "socketTimeout", Long.toString(seconds(statement.plus(DatabaseSettings.SOCKET_MARGIN))));
    }
    return c;
  }

  /** The pool of migrations and rebuilds: no statement or socket timeout, two connections. */
  static HikariConfig maintenance(String jdbcUrl, DatabaseSettings s) {
    HikariConfig c = common(jdbcUrl, s, "upkeep-postgres-maintenance");
    c.setMaximumPoolSize(MAINTENANCE_POOL_SIZE);
    return c;
  }

  private static HikariConfig common(String jdbcUrl, DatabaseSettings s, String poolName) {
    HikariConfig c = new HikariConfig();
    c.setJdbcUrl(jdbcUrl);
    c.setPoolName(poolName);
    c.setConnectionTimeout(s.connectTimeout().toMillis());
    c.setValidationTimeout(
        Math.max(
            DatabaseSettings.MIN_CONNECT_TIMEOUT.toMillis(),
            Math.min(MAX_VALIDATION.toMillis(), s.connectTimeout().toMillis())));
    c.setMaxLifetime(s.maxLifetime().toMillis());
    // HikariCP disables (with a warning) a keepalive not below the lifetime
    c.setKeepaliveTime(s.maxLifetime().compareTo(KEEPALIVE) > 0 ? KEEPALIVE.toMillis() : 0);
    c.addDataSourceProperty("ApplicationName", s.applicationName());
    c.addDataSourceProperty("connectTimeout", Long.toString(seconds(s.connectTimeout())));
    c.addDataSourceProperty("loginTimeout", Long.toString(seconds(s.connectTimeout())));
    c.addDataSourceProperty("tcpKeepAlive", "true");
    return c;
  }

  /** Whole seconds, rounded up: pgjdbc's timeouts are in seconds. */
  private static long seconds(Duration d) {
    return Math.max(1, (d.toMillis() + 999) / 1000);
  }
}
