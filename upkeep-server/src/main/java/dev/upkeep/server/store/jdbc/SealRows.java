package dev.upkeep.server.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The sealers' side of {@code rollup_seals} ({@link Seals} is the appenders'): which periods are
 * due, and sealing one if no append unsealed it since its {@code gen} was read. Stateless.
 */
final class SealRows {
  private static final String DUE =
      "SELECT project_id, kind, first_day, gen FROM rollup_seals"
          + " WHERE grain = ? AND complete = 0 AND first_day < ?"
          + " ORDER BY project_id, kind, first_day";
  private static final String COMPLETE =
      "UPDATE rollup_seals SET complete = 1, hourly = ? WHERE project_id = ? AND kind = ?"
          + " AND grain = ? AND first_day = ? AND gen = ? AND complete = 0";

  /** A period to sum: its seal as read. */
  record Due(long projectId, String kind, int first, long gen) {}

  private SealRows() {}

  /** The unsealed periods of {@code grain} that start before {@code before}, in key order. */
  static List<Due> due(Connection c, Grain grain, int before) throws SQLException {
    List<Due> due = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(DUE)) {
      ps.setString(1, grain.code);
      ps.setInt(2, before);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          due.add(new Due(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getLong(4)));
        }
      }
    }
    return due;
  }

  /** Writes a period's summed rows in the sealing transaction. */
  interface Rows {
    void write(Connection c) throws SQLException;
  }

  /**
   * In one transaction: completes the seal if its {@code gen} is still the one read (on PostgreSQL
   * this waits for an append that holds the row and then sees its new {@code gen}), and writes the
   * period's rows.
   *
   * @param hourly whether the day has hour rollups (false for a month)
   * @return whether it was sealed; if not, nothing was written
   */
  static boolean seal(DataSource ds, Grain grain, Due d, boolean hourly, Rows rows)
      throws SQLException {
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      try {
        if (!complete(c, grain, d, hourly)) {
          c.rollback();
          return false;
        }
        rows.write(c);
        c.commit();
        return true;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    }
  }

  private static boolean complete(Connection c, Grain grain, Due d, boolean hourly)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(COMPLETE)) {
      ps.setInt(1, hourly ? 1 : 0);
      ps.setLong(2, d.projectId());
      ps.setString(3, d.kind());
      ps.setString(4, grain.code);
      ps.setInt(5, d.first());
      ps.setLong(6, d.gen());
      return ps.executeUpdate() == 1;
    }
  }
}
