package dev.upkeep.server.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.fail;

import dev.upkeep.server.store.Store;
import dev.upkeep.server.store.StoreException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The storage contract against PostgreSQL at {@code UPKEEP_TEST_POSTGRES_URL} (default the local
 * service). Every test runs in a new schema, dropped afterwards. When PostgreSQL cannot be reached
 * the tests are skipped, except under CI ({@code CI=true}) where that fails the build.
 */
class PostgresStoreIT extends StoreContract {
  static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
  static final String URL = postgresUrl();

  /** Why PostgreSQL cannot be used, or null when it answered. */
  private static String unreachable;

  private String schema;

  @BeforeAll
  static void requirePostgres() {
    try (Connection c = connect()) {
      assertThat(c.isValid(5)).isTrue();
      unreachable = null;
    } catch (SQLException e) {
      unreachable =
          "PostgreSQL is not reachable at "
              + URL.replaceAll("password=[^&]*", "password=***")
              + " ("
              + e.getMessage()
              + "); start it or point UPKEEP_TEST_POSTGRES_URL at one";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail("CI=true and " + unreachable, e);
      }
    }
  }

  @Override
  Store newStore(Path tempDir) throws SQLException {
    // skipped one by one rather than as a class, so that the skips show in the test report
    Assumptions.assumeTrue(unreachable == null, () -> unreachable);
    schema = "upkeep_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    }
    return JdbcStores.postgres(URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema);
  }

  @Override
  Store reopen() {
    return JdbcStores.postgres(URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema);
  }

  @Override
  Connection openSql() throws SQLException {
    return DriverManager.getConnection(
        URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema);
  }

  @Override
  void afterStoreClosed() throws SQLException {
    if (schema == null) {
      return;
    }
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
  }

  @Test
  void migratesIntoTheCurrentSchema() throws SQLException {
    assertThat(tablesOf(schema))
        .contains(
            "authorization_codes",
            "events",
            "flyway_schema_history",
            "install_tokens",
            "installs",
            "projects",
            "rollup_counts",
            "rollup_state",
            "rollup_users",
            "tokens",
            "users",
            "version_source_entries",
            "version_sources",
            "versions");
  }

  @Test
  void describeHidesTheQueryString() {
    assertThat(store.describe())
        .startsWith("postgres:jdbc:postgresql://")
        .doesNotContain("user=")
        .doesNotContain(schema);
  }

  @Test
  void unreachableDatabaseIsAStoreException() {
    assertThatThrownBy(
            () ->
                JdbcStores.postgres(
                    "jdbc:postgresql://127.0.0.1:1/test?user=postgres&connectTimeout=2"))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("127.0.0.1:1");
  }

  @Test
  void connectionErrorDoesNotRevealThePassword() {
    assertThatThrownBy(
            () ->
                JdbcStores.postgres(
                    "jdbc:postgresql://127.0.0.1:1/test?user=postgres&password=s3cr3t"
                        + "&connectTimeout=2"))
        .isInstanceOf(StoreException.class)
        .message()
        .doesNotContain("s3cr3t");
  }

  private static List<String> tablesOf(String schema) throws SQLException {
    try (Connection c = connect();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = ?"
                    + " ORDER BY table_name")) {
      ps.setString(1, schema);
      List<String> tables = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          tables.add(rs.getString(1));
        }
      }
      return tables;
    }
  }

  private static Connection connect() throws SQLException {
    Properties p = new Properties();
    p.setProperty("connectTimeout", "5");
    p.setProperty("loginTimeout", "5");
    return DriverManager.getConnection(URL, p);
  }

  private static String postgresUrl() {
    String url = System.getenv("UPKEEP_TEST_POSTGRES_URL");
    return url == null || url.isBlank() ? DEFAULT_URL : url;
  }
}
