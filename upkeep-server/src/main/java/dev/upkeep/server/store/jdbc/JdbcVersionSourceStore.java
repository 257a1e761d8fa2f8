package dev.upkeep.server.store.jdbc;

import dev.upkeep.server.store.ChangeTopic;
import dev.upkeep.server.store.SourceFlag;
import dev.upkeep.server.store.SourceRelease;
import dev.upkeep.server.store.SourceSnapshot;
import dev.upkeep.server.store.StoreException;
import dev.upkeep.server.store.VersionSourceRecord;
import dev.upkeep.server.store.VersionSourceStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Release sources in {@code version_sources} and their snapshots in {@code version_source_entries},
 * one row per version a snapshot names. Saving a snapshot updates the source's {@code fetched_at}
 * first (no row: the source is gone, nothing is written), then replaces its entries, in one
 * transaction. Adding or removing a source and saving a snapshot are recorded in the {@link
 * JdbcChanges change log} in their transaction; the claim of a fetch is the source's {@code
 * fetch_claimed_until}, taken by one conditional update.
 */
final class JdbcVersionSourceStore implements VersionSourceStore {
  private static final String COLUMNS = "id, project_id, kind, reference, repository_url, added_at";
  private static final RowMapper<VersionSourceRecord> SOURCE =
      (rs, ctx) ->
          new VersionSourceRecord(
              rs.getLong("id"),
              rs.getLong("project_id"),
              rs.getString("kind"),
              rs.getString("reference"),
              rs.getString("repository_url"),
              Instant.ofEpochMilli(rs.getLong("added_at")));

  private final Jdbi jdbi;

  JdbcVersionSourceStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  @Override
  public Optional<VersionSourceRecord> add(
      long projectId, String kind, String reference, String repositoryUrl, Instant addedAt) {
    try {
      return jdbi.inTransaction(
          h -> {
            Optional<VersionSourceRecord> added =
                h.createQuery(
                        "INSERT INTO version_sources"
                            + " (project_id, kind, reference, repository_url, added_at)"
                            + " VALUES (:p, :k, :r, :u, :t)"
                            + " ON CONFLICT (project_id, kind) DO NOTHING RETURNING "
                            + COLUMNS)
                    .bind("p", projectId)
                    .bind("k", kind)
                    .bind("r", reference)
                    .bind("u", repositoryUrl)
                    .bind("t", addedAt.toEpochMilli())
                    .map(SOURCE)
                    .findOne();
            if (added.isPresent()) {
              JdbcChanges.record(h, ChangeTopic.VERSION_SOURCES, projectId);
            }
            return added;
          });
    } catch (JdbiException e) {
      throw new StoreException(
          "cannot add the " + kind + " source of project " + projectId + ": " + e.getMessage(), e);
    }
  }

  @Override
  public boolean remove(long projectId, String kind) {
    return jdbi.inTransaction(
        h -> {
          int removed =
              h.createUpdate("DELETE FROM version_sources WHERE project_id = :p AND kind = :k")
                  .bind("p", projectId)
                  .bind("k", kind)
                  .execute();
          if (removed > 0) {
            JdbcChanges.record(h, ChangeTopic.VERSION_SOURCES, projectId);
          }
          return removed > 0;
        });
  }

  @Override
  public List<VersionSourceRecord> list(long projectId) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT " + COLUMNS + " FROM version_sources WHERE project_id = :p ORDER BY id")
                .bind("p", projectId)
                .map(SOURCE)
                .list());
  }

  @Override
  public boolean saveSnapshot(long sourceId, SourceSnapshot snapshot) {
    return jdbi.inTransaction(
        h -> {
          Optional<Long> project =
              h.createQuery(
                      "UPDATE version_sources SET fetched_at = :t WHERE id = :id"
                          + " RETURNING project_id")
                  .bind("t", snapshot.fetchedAt().toEpochMilli())
                  .bind("id", sourceId)
                  .mapTo(Long.class)
                  .findOne();
          if (project.isEmpty()) {
            return false;
          }
          h.createUpdate("DELETE FROM version_source_entries WHERE source_id = :id")
              .bind("id", sourceId)
              .execute();
          PreparedBatch batch =
              h.prepareBatch(
                  "INSERT INTO version_source_entries"
                      + " (source_id, version, released, prerelease, flag_reason, replacement)"
                      + " VALUES (:id, :v, :released, :pre, :reason, :replacement)");
          for (Entry e : entries(snapshot).values()) {
            batch
                .bind("id", sourceId)
                .bind("v", e.version)
                .bind("released", e.released ? 1 : 0)
                .bind("pre", e.preRelease ? 1 : 0)
                .bind("reason", e.reason)
                .bind("replacement", e.replacement)
                .add();
          }
          if (batch.size() > 0) {
            batch.execute();
          }
          JdbcChanges.record(h, ChangeTopic.VERSION_SOURCES, project.get());
          return true;
        });
  }

  @Override
  public Optional<SourceSnapshot> snapshot(long sourceId) {
    return jdbi.withHandle(
        h -> {
          Optional<Long> fetchedAt =
              h.createQuery("SELECT fetched_at FROM version_sources WHERE id = :id")
                  .bind("id", sourceId)
                  .map(
                      (rs, ctx) -> {
                        long t = rs.getLong(1);
                        return rs.wasNull() ? -1L : t;
                      })
                  .findOne();
          if (fetchedAt.isEmpty() || fetchedAt.get() < 0) {
            return Optional.empty();
          }
          List<SourceRelease> releases = new ArrayList<>();
          List<SourceFlag> flags = new ArrayList<>();
          h.createQuery(
                  "SELECT version, released, prerelease, flag_reason, replacement"
                      + " FROM version_source_entries WHERE source_id = :id ORDER BY version")
              .bind("id", sourceId)
              .map(
                  (rs, ctx) -> {
                    String v = rs.getString("version");
                    if (rs.getInt("released") != 0) {
                      releases.add(new SourceRelease(v, rs.getInt("prerelease") != 0));
                    }
                    String reason = rs.getString("flag_reason");
                    if (reason != null) {
                      flags.add(new SourceFlag(v, reason, rs.getString("replacement")));
                    }
                    return v;
                  })
              .list();
          return Optional.of(
              new SourceSnapshot(Instant.ofEpochMilli(fetchedAt.get()), releases, flags));
        });
  }

  @Override
  public Optional<Instant> claimFetch(
      long sourceId, Instant staleBefore, Instant now, Instant until) {
    return jdbi.inTransaction(
        h -> {
          int claimed =
              h.createUpdate(
                      "UPDATE version_sources SET fetch_claimed_until = :until WHERE id = :id"
                          + " AND (fetch_claimed_until IS NULL OR fetch_claimed_until <= :now)"
                          + " AND (fetched_at IS NULL OR fetched_at <= :stale)")
                  .bind("until", until.toEpochMilli())
                  .bind("id", sourceId)
                  .bind("now", now.toEpochMilli())
                  .bind("stale", staleBefore.toEpochMilli())
                  .execute();
          if (claimed > 0) {
            return Optional.<Instant>empty();
          }
          long held =
              h.createQuery("SELECT fetch_claimed_until FROM version_sources WHERE id = :id")
                  .bind("id", sourceId)
                  .map(
                      (rs, ctx) -> {
                        long t = rs.getLong(1);
                        return rs.wasNull() ? now.toEpochMilli() : t;
                      })
                  .findOne()
                  .orElse(now.toEpochMilli());
          return Optional.of(Instant.ofEpochMilli(held));
        });
  }

  @Override
  public void holdFetch(long sourceId, Instant until) {
    jdbi.useHandle(
        h ->
            h.createUpdate("UPDATE version_sources SET fetch_claimed_until = :until WHERE id = :id")
                .bind("until", until.toEpochMilli())
                .bind("id", sourceId)
                .execute());
  }

  /** One row per version: its release and its flag merged (the first of each kind kept). */
  private static Map<String, Entry> entries(SourceSnapshot snapshot) {
    Map<String, Entry> out = new LinkedHashMap<>();
    for (SourceRelease r : snapshot.releases()) {
      Entry e = out.computeIfAbsent(r.version(), Entry::new);
      if (!e.released) {
        e.released = true;
        e.preRelease = r.preRelease();
      }
    }
    for (SourceFlag f : snapshot.flags()) {
      Entry e = out.computeIfAbsent(f.version(), Entry::new);
      if (e.reason == null) {
        e.reason = f.reason();
        e.replacement = f.replacement();
      }
    }
    return out;
  }

  /** A row being built. */
  private static final class Entry {
    final String version;
    boolean released;
    boolean preRelease;
    String reason;
    String replacement;

    Entry(String version) {
      this.version = version;
    }
  }
}
