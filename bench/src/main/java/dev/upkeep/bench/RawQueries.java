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
  private final PreparedStatement usersByVersion;
  private final PreparedStatement usersByPlatform;
  private final PreparedStatement runsByStatus;

  RawQueries(Connection c) throws SQLException {
    hits = c.prepareStatement("SELECT COUNT(*)" + WHERE);
    users = c.prepareStatement("SELECT COUNT(DISTINCT user_id)" + WHERE);
    usersByVersion =
        c.prepareStatement("SELECT version, COUNT(DISTINCT user_id)" + WHERE + " GROUP BY version");
    usersByPlatform =
        c.prepareStatement(
            "SELECT platform, COUNT(DISTINCT user_id)" + WHERE + " GROUP BY platform");
    runsByStatus =
        c.prepareStatement(
            "SELECT status, COUNT(*)" + WHERE + " AND status IN ('C', 'F', 'S') GROUP BY status");
  }

  long hits(long project, String kind, long from, long to) throws SQLException {
    return single(bind(hits, project, kind, from, to));
  }

  long users(long project, String kind, long from, long to) throws SQLException {
    return single(bind(users, project, kind, from, to));
  }

  /** Distinct users per version, by version, leaving out versions with none. */
  Map<String, Long> usersByVersion(long project, String kind, long from, long to)
      throws SQLException {
    return grouped(bind(usersByVersion, project, kind, from, to));
  }

  /** Distinct users per platform, by platform, leaving out platforms with none. */
  Map<String, Long> usersByPlatform(long project, String kind, long from, long to)
      throws SQLException {
    return grouped(bind(usersByPlatform, project, kind, from, to));
  }

  /** Finished runs (status C, F or S) per status. */
  Map<String, Long> runsByStatus(long project, String kind, long from, long to)
      throws SQLException {
    return grouped(bind(runsByStatus, project, kind, from, to));
  }

  private static Map<String, Long> grouped(PreparedStatement ps) throws SQLException {
    Map<String, Long> out = new TreeMap<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        if (rs.getLong(2) != 0) {
          out.put(rs.getString(1), rs.getLong(2));
        }
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
    usersByVersion.close();
    usersByPlatform.close();
    runsByStatus.close();
  }
}
