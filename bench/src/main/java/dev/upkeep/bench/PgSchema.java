package dev.upkeep.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PostgreSQL schema of one benchmark run on the database of a base JDBC URL (for example {@code
 * jdbc:postgresql://127.0.0.1:5432/test?user=postgres}): {@link #create} makes a new, empty one
 * named {@code PREFIX_<12 hex digits>}, {@link #url} is the base URL with {@code currentSchema} and
 * {@code ApplicationName} (so that {@link PostgresCpu} can tell the server processes working for
 * the code under test), and {@link #close} drops it with everything in it. Not thread-safe.
 */
final class PgSchema implements AutoCloseable {
  /** {@value}: the local service the storage contract tests use too (trust auth). */
  static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

  private static final Pattern SCHEMA = Pattern.compile("[?&]currentSchema=([A-Za-z0-9_]+)");

  private final String base;
  private final String name;
  private final String applicationName;
  private final boolean keep;

  private PgSchema(String base, String name, String applicationName, boolean keep) {
    this.base = base;
    this.name = name;
    this.applicationName = applicationName;
    this.keep = keep;
  }

  /**
   * Creates a new schema {@code prefix_<random>} on {@code baseUrl}'s database.
   *
   * @param applicationName what the code under test names itself to the server
   * @throws SQLException if the server cannot be reached or refuses {@code CREATE SCHEMA}
   */
  static PgSchema create(String baseUrl, String prefix, String applicationName)
      throws SQLException {
    String name =
        prefix.toLowerCase(Locale.ROOT)
            + "_"
            + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    execute(baseUrl, "CREATE SCHEMA " + name);
    return new PgSchema(baseUrl, name, applicationName, false);
  }

  /**
   * A schema of a fixed name, created when missing and never dropped by {@link #close}: for stores
   * kept between runs (the query benchmark's demo stores).
   */
  static PgSchema kept(String baseUrl, String name, String applicationName) throws SQLException {
    execute(baseUrl, "CREATE SCHEMA IF NOT EXISTS " + name);
    return new PgSchema(baseUrl, name, applicationName, true);
  }

  /** The schema's name. */
  String name() {
    return name;
  }

  /** The base URL, to this schema, naming the connections {@code applicationName}. */
  String url() {
    return with(with(base, "currentSchema", name), "ApplicationName", applicationName);
  }

  /** {@code url} with {@code key=value} added to its query string. */
  static String with(String url, String key, String value) {
    return url + (url.contains("?") ? "&" : "?") + key + "=" + value;
  }

  /** The schema a URL names with {@code currentSchema}, or {@code null}. */
  static String schemaOf(String url) {
    Matcher m = SCHEMA.matcher(url);
    return m.find() ? m.group(1) : null;
  }

  /** The base URL without its {@code currentSchema} and {@code ApplicationName} parameters. */
  static String baseOf(String url) {
    String out = url.replaceAll("([?&])(currentSchema|ApplicationName)=[^&]*", "$1");
    return out.replaceAll("&&+", "&").replaceAll("\\?&", "?").replaceAll("[?&]$", "");
  }

  /** Drops a schema and everything in it, if it exists. */
  static void drop(String baseUrl, String schema) throws SQLException {
    execute(baseUrl, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
  }

  /** Whether the schema holds a table {@code events} with at least one row. */
  static boolean hasEvents(String baseUrl, String schema) throws SQLException {
    try (Connection c = DriverManager.getConnection(baseUrl);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = '"
                    + schema
                    + "' AND table_name = 'events'")) {
      rs.next();
      if (rs.getLong(1) == 0) {
        return false;
      }
    }
    try (Connection c = DriverManager.getConnection(baseUrl);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT EXISTS (SELECT 1 FROM " + schema + ".events)")) {
      rs.next();
      return rs.getBoolean(1);
    }
  }

  /** {@code ANALYZE} of every table of the schema (a partitioned table with its partitions). */
  static void analyze(String baseUrl, String schema) throws SQLException {
    List<String> tables = new java.util.ArrayList<>();
    try (Connection c = DriverManager.getConnection(baseUrl);
        Statement s = c.createStatement()) {
      try (ResultSet rs =
          s.executeQuery(
              "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                  + " WHERE n.nspname = '"
                  + schema
                  + "' AND c.relkind IN ('r', 'p') AND NOT c.relispartition")) {
        while (rs.next()) {
          tables.add(rs.getString(1));
        }
      }
      for (String t : tables) {
        s.execute("ANALYZE " + schema + ".\"" + t + "\"");
      }
    }
  }

  /** Bytes of the schema's tables and indexes ({@code pg_total_relation_size}). */
  static long bytes(String baseUrl, String schema) throws SQLException {
    try (Connection c = DriverManager.getConnection(baseUrl);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0) FROM pg_class c"
                    + " JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE n.nspname = '"
                    + schema
                    + "' AND c.relkind IN ('r', 'p', 'm')")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * The server's version and the settings that decide write speed and durability, as {@code
   * name=value} pairs: what a result from this server should be read with.
   */
  static Map<String, String> settings(String baseUrl) throws SQLException {
    Map<String, String> out = new LinkedHashMap<>();
    try (Connection c = DriverManager.getConnection(baseUrl);
        Statement s = c.createStatement()) {
      for (String name :
          List.of(
              "server_version",
              "fsync",
              "synchronous_commit",
              "wal_level",
              "full_page_writes",
              "shared_buffers",
              "max_wal_size",
              "checkpoint_timeout",
              "autovacuum",
              "max_connections")) {
        try (ResultSet rs = s.executeQuery("SHOW " + name)) {
          rs.next();
          out.put(name, rs.getString(1));
        }
      }
    }
    return out;
  }

  /** {@link #settings} on one line. */
  static String describeSettings(String baseUrl) throws SQLException {
    StringBuilder s = new StringBuilder();
    for (Map.Entry<String, String> e : settings(baseUrl).entrySet()) {
      s.append(s.length() == 0 ? "" : ", ").append(e.getKey()).append('=').append(e.getValue());
    }
    return s.toString();
  }

  private static void execute(String baseUrl, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(baseUrl);
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  /** Drops the schema, unless it was {@link #kept}. */
  @Override
  public void close() throws SQLException {
    if (!keep) {
      drop(base, name);
    }
  }
}
