package dev.upkeep.it;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Reads what the collector stored, straight from its SQLite file. */
final class StoredEvents {
  private StoredEvents() {}

  /** One stored event's status fields. */
  record Row(
      String eventId,
      String status,
      String statusDesc,
      String errorType,
      String errorDesc,
      String userId,
      String attributes,
      String language) {}

  static List<Row> all(Path dataDir) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("upkeep.db"));
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT event_id, status, status_desc, error_type, error_desc, user_id,"
                    + " attributes, language FROM events ORDER BY id")) {
      List<Row> rows = new ArrayList<>();
      while (rs.next()) {
        rows.add(
            new Row(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                rs.getString(7),
                rs.getString(8)));
      }
      return rows;
    }
  }
}
