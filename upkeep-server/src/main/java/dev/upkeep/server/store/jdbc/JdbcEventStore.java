package dev.upkeep.server.store.jdbc;

import dev.upkeep.protocol.Json;
import dev.upkeep.server.ingest.UsageEvent;
import dev.upkeep.server.store.Bucket;
import dev.upkeep.server.store.Dimension;
import dev.upkeep.server.store.EventStore;
import dev.upkeep.server.store.UsageFilter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;

/**
 * Events in the {@code events} table. Appends use plain batched JDBC (the hot path); queries use
 * JDBI.
 */
final class JdbcEventStore implements EventStore {
  private static final long MILLIS_PER_DAY = 86_400_000L;
  private static final String INSERT_EVENT =
      "INSERT INTO events (event_id, project_id, kind, ts, day, version, language,"
          + " language_version, user_id, session_id, user_type, platform, container, is_ci,"
          + " status, status_desc, error_type, error_desc, attributes)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT (event_id) DO NOTHING";
  private static final String INSERT_USER =
      "INSERT INTO users (project_id, user_id, first_seen, platform, container)"
          + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (project_id, user_id) DO NOTHING";

  private final DataSource ds;
  private final Jdbi jdbi;

  JdbcEventStore(DataSource ds, Jdbi jdbi) {
    this.ds = ds;
    this.jdbi = jdbi;
  }

  @Override
  public int[] append(List<UsageEvent> events) throws SQLException {
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement ins = c.prepareStatement(INSERT_EVENT);
          PreparedStatement users = c.prepareStatement(INSERT_USER)) {
        boolean anyUser = false;
        for (UsageEvent e : events) {
          bindEvent(ins, e);
          ins.addBatch();
          if (e.userId() != null) {
            users.setLong(1, e.projectId());
            users.setString(2, e.userId());
            users.setLong(3, e.timestamp().toEpochMilli());
            users.setString(4, e.platform());
            users.setString(5, e.container());
            users.addBatch();
            anyUser = true;
          }
        }
        int[] stored = ins.executeBatch();
        if (anyUser) {
          users.executeBatch();
        }
        c.commit();
        return stored;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    }
  }

  private static void bindEvent(PreparedStatement ps, UsageEvent e) throws SQLException {
    long ts = e.timestamp().toEpochMilli();
    setNullable(ps, 1, e.eventId());
    ps.setLong(2, e.projectId());
    ps.setString(3, e.kind());
    ps.setLong(4, ts);
    ps.setInt(5, (int) Math.floorDiv(ts, MILLIS_PER_DAY));
    ps.setString(6, e.version());
    setNullable(ps, 7, e.language());
    setNullable(ps, 8, e.languageVersion());
    setNullable(ps, 9, e.userId());
    setNullable(ps, 10, e.sessionId());
    ps.setString(11, e.userType().wireName());
    ps.setString(12, e.platform());
    ps.setString(13, e.container());
    ps.setInt(14, e.ci() ? 1 : 0);
    ps.setString(15, e.status().name());
    setNullable(ps, 16, e.statusDesc());
    setNullable(ps, 17, e.errorType());
    setNullable(ps, 18, e.errorDesc());
    setNullable(ps, 19, e.attributes().isEmpty() ? null : attributesJson(e.attributes()));
  }

  private static String attributesJson(List<Map.Entry<String, String>> pairs) {
    List<Object> out = new ArrayList<>(pairs.size());
    for (Map.Entry<String, String> p : pairs) {
      out.add(List.of(p.getKey(), p.getValue()));
    }
    return Json.write(out);
  }

  private static void setNullable(PreparedStatement ps, int i, String value) throws SQLException {
    if (value == null) {
      ps.setNull(i, Types.VARCHAR);
    } else {
      ps.setString(i, value);
    }
  }

  @Override
  public long count(UsageFilter f) {
    String what = f.unique() ? "COUNT(DISTINCT user_id)" : "COUNT(*)";
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT " + what + " FROM events" + WHERE)
                .bind("project", f.projectId())
                .bind("kind", f.kind())
                .bind("from", f.from().toEpochMilli())
                .bind("to", f.to().toEpochMilli())
                .mapTo(Long.class)
                .one());
  }

  @Override
  public List<Bucket> breakdown(UsageFilter f, Dimension by) {
    String what = f.unique() ? "COUNT(DISTINCT user_id)" : "COUNT(*)";
    String column =
        switch (by) {
          case DAY -> "day";
          case VERSION -> "version";
          case PLATFORM -> "platform";
          case STATUS -> "status";
        };
    String sql =
        "SELECT "
            + column
            + " AS k, "
            + what
            + " AS n FROM events"
            + WHERE
            + " GROUP BY "
            + column
            + " ORDER BY "
            + column;
    return jdbi.withHandle(
        h ->
            h.createQuery(sql)
                .bind("project", f.projectId())
                .bind("kind", f.kind())
                .bind("from", f.from().toEpochMilli())
                .bind("to", f.to().toEpochMilli())
                .map(
                    (rs, ctx) ->
                        new Bucket(
                            by == Dimension.DAY
                                ? LocalDate.ofEpochDay(rs.getLong("k")).toString()
                                : rs.getString("k"),
                            rs.getLong("n")))
                .list());
  }

  @Override
  public long total() {
    return jdbi.withHandle(
        h -> h.createQuery("SELECT COUNT(*) FROM events").mapTo(Long.class).one());
  }

  private static final String WHERE =
      " WHERE project_id = :project AND kind = :kind AND ts >= :from AND ts <= :to";
}
