package dev.upkeep.server.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * A new, empty schema in the PostgreSQL at {@code UPKEEP_TEST_POSTGRES_URL} (default the local
 * service, database {@code test}, user {@code postgres}), dropped with everything in it by {@link
 * #close()}. When PostgreSQL cannot be reached, {@link #create()} skips the calling test, except
 * under CI ({@code CI=true}) where it fails it.
 */
public final class PostgresSchema implements AutoCloseable {
  /** The local service, used when {@code UPKEEP_TEST_POSTGRES_URL} is not set. */
  public static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

  /** The PostgreSQL the tests use. */
  public static final String SERVER_URL = serverUrl();

  /** The schema's name: {@code upkeep_it_} and 16 random hex digits. */
  public final String name;

  /** A JDBC URL whose connections work in this schema. */
  public final String url;

  private PostgresSchema(String name) {
    this.name = name;
    this.url = SERVER_URL + (SERVER_URL.contains("?") ? "&" : "?") + "currentSchema=" + name;
  }

  /** Creates a new schema, or skips the test (fails it under CI) when PostgreSQL is unreachable. */
  public static PostgresSchema create() {
    String name = "upkeep_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + name);
    } catch (SQLException e) {
      String why =
          "PostgreSQL is not reachable at "
              + SERVER_URL.replaceAll("password=[^&]*", "password=***")
              + " ("
              + e.getMessage()
              + "); start it or point UPKEEP_TEST_POSTGRES_URL at one";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail("CI=true and " + why, e);
      }
      Assumptions.assumeTrue(false, why);
    }
    return new PostgresSchema(name);
  }

  /** A plain connection in this schema (closed by the caller). */
  public Connection open() throws SQLException {
    return DriverManager.getConnection(url);
  }

  /** Drops the schema and everything in it. */
  @Override
  public void close() throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
    }
  }

  private static Connection connect() throws SQLException {
    Properties p = new Properties();
    p.setProperty("connectTimeout", "5");
    p.setProperty("loginTimeout", "5");
    return DriverManager.getConnection(SERVER_URL, p);
  }

  private static String serverUrl() {
    String url = System.getenv("UPKEEP_TEST_POSTGRES_URL");
    return url == null || url.isBlank() ? DEFAULT_URL : url;
  }
}
