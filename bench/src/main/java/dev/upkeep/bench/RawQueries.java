package dev.upkeep.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;

/**
 * The anchor of the query benchmark: the same questions as plain SQL over the raw {@code events}
 * table of the same store, on one plain JDBC connection (sqlite-jdbc, or pgjdbc for a PostgreSQL
 * store), with the schema's own index ({@code events (project_id, kind, ts)}). No rollups. Not
 * thread-safe.
 */
final class RawQueries implements AutoCloseable {
  private static final String WHERE =
      " FROM events WHERE project_id = ? AND kind = ? AND ts >= ? AND ts <= ?";

  private final PreparedStatement hits;
  private final PreparedStatement users;
  private final PreparedStatement versions;

  RawQueries(Connection c) throws SQLException {
    hits = c.prepareStatement("SELECT COUNT(*)" + WHERE);
    users = c.prepareStatement("SELECT COUNT(DISTINCT user_id)" + WHERE);
    versions =
        c.prepareStatement(
            "SELECT version, COUNT(*)" + WHERE + " GROUP BY version ORDER BY version");
  }

  long hits(long project, String kind, long from, long to) throws SQLException {
    return single(bind(hits, project, kind, from, to));
  }

  long users(long project, String kind, long from, long to) throws SQLException {
    return single(bind(users, project, kind, from, to));
  }

  /** Events per version, by version. */
  Map<String, Long> byVersion(long project, String kind, long from, long to) throws SQLException {
    Map<String, Long> out = new TreeMap<>();
    try (ResultSet rs = bind(versions, project, kind, from, to).executeQuery()) {
      while (rs.next()) {
        out.put(rs.getString(1), rs.getLong(2));
      }
    }
    return out;
  }

  private static PreparedStatement bind(
      PreparedStatement ps, long project, String kind, long from, long to) throws SQLException {
    ps.setLong(1, project);
    ps.setString(2, kind);
    ps.setLong(3, from);
    ps.setLong(4, to);
    return ps;
  }

  private static long single(PreparedStatement ps) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Override
  public void close() throws SQLException {
    hits.close();
    users.close();
    versions.close();
  }
}
