package dev.upkeep.server.store.jdbc;

import dev.upkeep.server.ingest.UsageEvent;
import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.postgresql.PGConnection;

/**
 * Inserts events into PostgreSQL's {@code events} with {@code COPY … FROM STDIN} in text format, in
 * the caller's transaction: one message stream, no statement per row and no arrays to parse, the
 * fastest way PostgreSQL takes rows (routed to their month's partition by the server).
 */
final class EventCopy {
  private static final String COPY =
      "COPY events (event_id, project_id, kind, ts, day, version, language, language_version,"
          + " user_id, session_id, user_type, platform, container, is_ci, status, status_desc,"
          + " error_type, error_desc, attributes, user_ordinal) FROM STDIN";

  private EventCopy() {}

  /**
   * Copies the events in.
   *
   * @param ordinals the ordinal of each event's user, -1 for an event without a user id
   * @throws SQLException when PostgreSQL refuses a row (the transaction is then aborted)
   */
  static void insert(Connection c, List<UsageEvent> events, int[] ordinals) throws SQLException {
    if (events.isEmpty()) {
      return;
    }
    StringBuilder rows = new StringBuilder(events.size() * 160);
    for (int i = 0; i < events.size(); i++) {
      UsageEvent e = events.get(i);
      text(rows, e.eventId()).append('\t');
      rows.append(e.projectId()).append('\t');
      text(rows, e.kind()).append('\t');
      rows.append(e.timestamp().toEpochMilli()).append('\t');
      rows.append(EventColumns.day(e)).append('\t');
      text(rows, e.version()).append('\t');
      text(rows, e.language()).append('\t');
      text(rows, e.languageVersion()).append('\t');
      text(rows, e.userId()).append('\t');
      text(rows, e.sessionId()).append('\t');
      text(rows, e.userType().wireName()).append('\t');
      text(rows, e.platform()).append('\t');
      text(rows, e.container()).append('\t');
      rows.append(e.ci() ? '1' : '0').append('\t');
      text(rows, e.status().name()).append('\t');
      text(rows, e.statusDesc()).append('\t');
      text(rows, e.errorType()).append('\t');
      text(rows, e.errorDesc()).append('\t');
      text(rows, EventColumns.attributes(e)).append('\t');
      if (ordinals[i] < 0) {
        rows.append("\\N");
      } else {
        rows.append(ordinals[i]);
      }
      rows.append('\n');
    }
    long copied;
    try {
      copied =
          c.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY, new StringReader(rows.toString()));
    } catch (IOException e) {
      throw new SQLException("COPY of " + events.size() + " events failed: " + e, "08006", e);
    }
    if (copied != events.size()) {
      throw new SQLException("copied " + copied + " of " + events.size() + " events");
    }
  }

  /** Appends a text field: {@code \N} for null; backslash, tab, newline and CR escaped. */
  static StringBuilder text(StringBuilder out, String value) {
    if (value == null) {
      return out.append("\\N");
    }
    for (int i = 0; i < value.length(); i++) {
      char ch = value.charAt(i);
      switch (ch) {
        case '\\' -> out.append("\\\\");
        case '\t' -> out.append("\\t");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        default -> out.append(ch);
      }
    }
    return out;
  }
}
