package dev.upkeep.server.testing;

import static org.junit.jupiter.api.Assertions.fail;

import dev.upkeep.server.store.jdbc.JdbcStores;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * A fresh schema of the local PostgreSQL ({@code UPKEEP_TEST_POSTGRES_URL}, default 127.0.0.1:5432,
 * database {@code test}, user {@code postgres}) for one test, dropped by {@link #close()}, as
 * PostgresStoreIT uses it. When PostgreSQL cannot be reached the test is skipped, except under CI
 * ({@code CI=true}) where that fails it.
 */
public final class TestPostgres implements AutoCloseable {
  public static final String URL = postgresUrl();

  /** The schema's name. */
  public final String schema;

  private TestPostgres(String schema) {
    this.schema = schema;
  }

  /** Creates a new empty schema, or skips the test when PostgreSQL is not reachable. */
  public static TestPostgres create() {
    String schema = "upkeep_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      String why =
          "PostgreSQL is not reachable at "
              + URL.replaceAll("password=[^&]*", "password=***")
              + " ("
              + e.getMessage()
              + "); start it or point UPKEEP_TEST_POSTGRES_URL at one";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail("CI=true and " + why, e);
      }
      Assumptions.abort(why);
    }
    return new TestPostgres(schema);
  }

  /** Creates a new schema migrated to the collector's current schema. */
  public static TestPostgres migrated() {
    TestPostgres pg = create();
    JdbcStores.postgres(pg.url()).close();
    return pg;
  }

  /** The JDBC URL of the schema. */
  public String url() {
    return URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  /** A new connection to the schema. */
  public Connection connection() throws SQLException {
    return DriverManager.getConnection(url());
  }

  @Override
  public void close() {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot drop schema " + schema + ": " + e.getMessage(), e);
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
    return url == null || url.isBlank()
        ? "jdbc:postgresql://127.0.0.1:5432/test?user=postgres"
        : url;
  }
}
