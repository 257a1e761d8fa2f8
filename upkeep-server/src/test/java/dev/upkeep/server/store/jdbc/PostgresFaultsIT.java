package dev.upkeep.server.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.upkeep.server.store.Store;
import dev.upkeep.server.store.fault.StorageUnavailableException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL pool's settings and faults, met for real on the local PostgreSQL (as {@link
 * PostgresStoreIT}: skipped when it is unreachable, failing under {@code CI=true}), which is never
 * stopped here: a backend is terminated instead ({@code pg_terminate_backend}, the {@code 57P01} a
 * fast shutdown sends), a statement outlives its timeout, and a port nothing listens on refuses
 * connections. {@code DatabaseOutageIT} stops a whole cluster of its own.
 */
class PostgresFaultsIT {
  static final String URL = PostgresStoreIT.URL;

  private static String unreachable;

  private String schema;
  private String app;

  @BeforeAll
  static void requirePostgres() {
    try (Connection c = DriverManager.getConnection(URL)) {
      assertThat(c.isValid(5)).isTrue();
    } catch (SQLException e) {
      unreachable = "PostgreSQL is not reachable at " + URL + " (" + e.getMessage() + ")";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail("CI=true and " + unreachable, e);
      }
    }
  }

  @BeforeEach
  void schema() throws SQLException {
    Assumptions.assumeTrue(unreachable == null, () -> unreachable);
    String id = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    schema = "upkeep_faults_" + id;
    app = "upkeep-it-" + id;
    sql("CREATE SCHEMA " + schema);
  }

  @AfterEach
  void dropSchema() throws SQLException {
    if (schema != null) {
      sql("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
  }

  @Test
  void theCollectorsConnectionsCarryTheNameAndTheStatementTimeout() throws SQLException {
    DatabaseSettings s =
        DatabaseSettings.defaults()
            .withStatementTimeout(Duration.ofSeconds(1))
            .withApplicationName(app);
    try (HikariDataSource ds = new HikariDataSource(PostgresPool.serving(URL, s));
        Connection c = ds.getConnection();
        Statement st = c.createStatement()) {
      assertThat(one(st, "SHOW statement_timeout")).isEqualTo("1s");
      assertThat(one(st, "SELECT current_setting('application_name')")).isEqualTo(app);
      try (Connection admin = DriverManager.getConnection(URL);
          Statement a = admin.createStatement()) {
        assertThat(
                Integer.parseInt(
                    one(
                        a,
                        "SELECT count(*) FROM pg_stat_activity WHERE application_name = '"
                            + app
                            + "'")))
            .isBetween(1, s.poolSize());
      }
      long start = System.nanoTime();
      Throwable slow = catchThrowable(() -> st.execute("SELECT pg_sleep(5)"));
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
      assertThat(StorageFaults.condition(slow)).contains("timed out");
    }
  }

  @Test
  void maintenanceConnectionsHaveNoStatementTimeout() throws SQLException {
    DatabaseSettings s = DatabaseSettings.defaults().withApplicationName(app);
    try (HikariDataSource ds = new HikariDataSource(PostgresPool.maintenance(URL, s));
        Connection c = ds.getConnection();
        Statement st = c.createStatement()) {
      assertThat(one(st, "SHOW statement_timeout")).isEqualTo("0");
    }
  }

  @Test
  void aConnectionTerminatedMidTransactionIsUnreachable() throws SQLException {
    DatabaseSettings s = DatabaseSettings.defaults().withApplicationName(app);
    try (HikariDataSource ds = new HikariDataSource(PostgresPool.serving(URL, s));
        Connection c = ds.getConnection();
        Statement st = c.createStatement()) {
      c.setAutoCommit(false);
      String pid = one(st, "SELECT pg_backend_pid()");
      sql("SELECT pg_terminate_backend(" + pid + ")");
      Throwable broken = catchThrowable(() -> st.execute("SELECT 1"));
      assertThat(broken).isInstanceOf(SQLException.class);
      assertThat(StorageFaults.condition(broken)).as(broken.toString()).contains("unreachable");
    }
  }

  @Test
  void aStoreWhoseConnectionsAreAllTerminatedRecoversByItself() throws SQLException {
    DatabaseSettings s = DatabaseSettings.defaults().withApplicationName(app);
    try (Store store =
        JdbcStores.postgres(URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema, s)) {
      assertThat(store.tokens().list()).isEmpty();
      sql(
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '"
              + app
              + "'");
      Throwable first = catchThrowable(() -> store.tokens().list());
      if (first != null) {
        assertThat(first).isInstanceOf(StorageUnavailableException.class);
      }
      await()
          .atMost(Duration.ofSeconds(15))
          .ignoreExceptionsInstanceOf(StorageUnavailableException.class)
          .untilAsserted(() -> assertThat(store.tokens().list()).isEmpty());
      store.check();
    }
  }

  @Test
  void aDatabaseThatRefusesConnectionsIsUnreachableWithinTheConnectTimeout() {
    DatabaseSettings s =
        DatabaseSettings.defaults()
            .withConnectTimeout(Duration.ofSeconds(1))
            .withApplicationName(app);
    HikariConfig c = PostgresPool.serving("jdbc:postgresql://127.0.0.1:1/test?user=postgres", s);
    c.setInitializationFailTimeout(-1);
    try (HikariDataSource ds = new HikariDataSource(c)) {
      long start = System.nanoTime();
      Throwable refused = catchThrowable(ds::getConnection);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
      assertThat(StorageFaults.condition(refused)).as(refused.toString()).contains("unreachable");
    }
  }

  private static String one(Statement st, String query) throws SQLException {
    try (ResultSet rs = st.executeQuery(query)) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static void sql(String statement) throws SQLException {
    try (Connection c = DriverManager.getConnection(URL);
        Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }
}
