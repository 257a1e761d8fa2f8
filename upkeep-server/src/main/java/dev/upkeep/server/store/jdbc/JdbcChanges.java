package dev.upkeep.server.store.jdbc;

import dev.upkeep.server.store.Change;
import dev.upkeep.server.store.ChangeLog;
import dev.upkeep.server.store.ChangeTopic;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

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
    long revision =
        h.createQuery(
                "UPDATE change_clock SET revision = revision + 1 WHERE id = 1 RETURNING revision")
            .mapTo(Long.class)
            .one();
    h.createUpdate(
            "INSERT INTO changes (topic, project_id, revision) VALUES (:t, :p, :r)"
                + " ON CONFLICT (topic, project_id) DO UPDATE SET revision = excluded.revision")
        .bind("t", topic.name())
        .bind("p", projectId)
        .bind("r", revision)
        .execute();
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
