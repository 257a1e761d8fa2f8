package dev.upkeep.server.store.jdbc;

import dev.upkeep.server.store.Change;
import dev.upkeep.server.store.ChangeLog;
import dev.upkeep.server.store.ChangeTopic;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * The {@link ChangeLog} in {@code change_clock} and {@code changes}: {@link #record} takes the next
 * revision from the one row of {@code change_clock} (whose row lock, held to the commit, orders
 * revisions as their transactions commit) and writes it as the revision of the topic and project.
 * Stores call it inside the transaction of the change, last, so that the lock is held briefly.
 */
final class JdbcChanges implements ChangeLog {
  private final Jdbi jdbi;

  JdbcChanges(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** Records a change of {@code topic} of a project in the transaction of {@code h}. */
  static void record(Handle h, ChangeTopic topic, long projectId) {
    try {
      record(h.getConnection(), topic, projectId);
    } catch (SQLException e) {
      throw new UnableToExecuteStatementException(e, null);
    }
  }

  /** Records a change of {@code topic} of a project in the transaction of {@code c}. */
  static void record(Connection c, ChangeTopic topic, long projectId) throws SQLException {
    long revision;
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "UPDATE change_clock SET revision = revision + 1 WHERE id = 1 RETURNING revision")) {
      rs.next();
      revision = rs.getLong(1);
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO changes (topic, project_id, revision) VALUES (?, ?, ?)"
                + " ON CONFLICT (topic, project_id) DO UPDATE SET revision = excluded.revision")) {
      ps.setString(1, topic.name());
      ps.setLong(2, projectId);
      ps.setLong(3, revision);
      ps.executeUpdate();
    }
  }

  @Override
  public long head() {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT revision FROM change_clock WHERE id = 1")
                .mapTo(Long.class)
                .one());
  }

  @Override
  public List<Change> since(long revision) {
    List<Optional<Change>> rows =
        jdbi.withHandle(
            h ->
                h.createQuery(
                        "SELECT topic, project_id, revision FROM changes WHERE revision > :r"
                            + " ORDER BY revision")
                    .bind("r", revision)
                    .map(
                        (rs, ctx) -> {
                          String topic = rs.getString("topic");
                          long project = rs.getLong("project_id");
                          long r = rs.getLong("revision");
                          return ChangeTopic.of(topic).map(t -> new Change(t, project, r));
                        })
                    .list());
    return rows.stream().flatMap(Optional::stream).toList();
  }
}
