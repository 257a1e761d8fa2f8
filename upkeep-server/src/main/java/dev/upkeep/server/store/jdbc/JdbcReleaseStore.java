package dev.upkeep.server.store.jdbc;

import dev.upkeep.server.store.HostedRelease;
import dev.upkeep.server.store.NewRelease;
import dev.upkeep.server.store.Project;
import dev.upkeep.server.store.ReleaseDownloads;
import dev.upkeep.server.store.ReleaseStore;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Hosted releases in {@code release_titles}, {@code releases}, {@code blob_readers} and {@code
 * release_downloads} (migration V12). A publish claims the title with {@code INSERT … ON CONFLICT
 * DO NOTHING}, checks the claim is the project's, inserts the release the same way (the unique
 * {@code (workspace, title, version)} decides between concurrent publishes) and adds the blob
 * readers, in one transaction. A download is one upsert of its release's row for the day.
 */
final class JdbcReleaseStore implements ReleaseStore {
  private static final String RELEASE_COLUMNS =
      "r.id, r.project_id, p.name AS project, r.workspace, r.title, r.version, r.files, r.bytes,"
          + " r.signed, r.published_at, r.yank_reason, r.yanked_at";
  private static final String FROM_RELEASES =
      " FROM releases r JOIN projects p ON p.id = r.project_id";
  private static final RowMapper<HostedRelease> RELEASE =
      (rs, ctx) -> {
        long yankedAt = rs.getLong("yanked_at");
        boolean yanked = !rs.wasNull();
        return new HostedRelease(
            rs.getLong("id"),
            rs.getLong("project_id"),
            rs.getString("project"),
            rs.getString("workspace"),
            rs.getString("title"),
            rs.getString("version"),
            rs.getInt("files"),
            rs.getLong("bytes"),
            rs.getInt("signed") != 0,
            Instant.ofEpochMilli(rs.getLong("published_at")),
            rs.getString("yank_reason"),
            yanked ? Instant.ofEpochMilli(yankedAt) : null);
      };

  private final Jdbi jdbi;

  JdbcReleaseStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  @Override
  public Optional<Project> owner(String workspace, String title) {
    return jdbi.withHandle(h -> owner(h, workspace, title));
  }

  private static Optional<Project> owner(Handle h, String workspace, String title) {
    return h.createQuery(
            "SELECT "
                + JdbcProjectStore.COLUMNS
                + " FROM projects WHERE id ="
                + " (SELECT project_id FROM release_titles WHERE workspace = :w AND title = :t)")
        .bind("w", workspace)
        .bind("t", title)
        .map(JdbcProjectStore.PROJECT)
        .findOne();
  }

  @Override
  public Published publish(NewRelease r) {
    return jdbi.inTransaction(
        h -> {
          h.createUpdate(
                  "INSERT INTO release_titles (workspace, title, project_id) VALUES (:w, :t, :p)"
                      + " ON CONFLICT (workspace, title) DO NOTHING")
              .bind("w", r.workspace())
              .bind("t", r.title())
              .bind("p", r.projectId())
              .execute();
          long holder =
              h.createQuery(
                      "SELECT project_id FROM release_titles WHERE workspace = :w AND title = :t")
                  .bind("w", r.workspace())
                  .bind("t", r.title())
                  .mapTo(Long.class)
                  .one();
          if (holder != r.projectId()) {
            return Published.TITLE_TAKEN;
          }
          int inserted =
              h.createUpdate(
                      "INSERT INTO releases (project_id, workspace, title, version, record, files,"
                          + " bytes, signed, published_at)"
                          + " VALUES (:p, :w, :t, :v, :record, :files, :bytes, :signed, :at)"
                          + " ON CONFLICT (workspace, title, version) DO NOTHING")
                  .bind("p", r.projectId())
                  .bind("w", r.workspace())
                  .bind("t", r.title())
                  .bind("v", r.version())
                  .bind("record", r.record())
                  .bind("files", r.files())
                  .bind("bytes", r.bytes())
                  .bind("signed", r.signed() ? 1 : 0)
                  .bind("at", r.publishedAt().toEpochMilli())
                  .execute();
          if (inserted == 0) {
            return Published.EXISTS;
          }
          if (!r.blobs().isEmpty()) {
            PreparedBatch readers = h.prepareBatch(ADD_READER);
            for (String blob : r.blobs()) {
              readers.bind("b", blob).bind("p", r.projectId()).add();
            }
            readers.execute();
          }
          return Published.PUBLISHED;
        });
  }

  private static final String ADD_READER =
      "INSERT INTO blob_readers (blob, project_id) VALUES (:b, :p)"
          + " ON CONFLICT (blob, project_id) DO NOTHING";

  @Override
  public List<HostedRelease> list(String workspace, String title) {
    return releases("r.workspace = :w AND r.title = :t", Map.of("w", workspace, "t", title));
  }

  /** The releases {@code where} selects, in the order they were published. */
  private List<HostedRelease> releases(String where, Map<String, Object> binds) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT "
                        + RELEASE_COLUMNS
                        + FROM_RELEASES
                        + " WHERE "
                        + where
                        + " ORDER BY r.id")
                .bindMap(binds)
                .map(RELEASE)
                .list());
  }

  @Override
  public Optional<HostedRelease> find(String workspace, String title, String version) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT "
                        + RELEASE_COLUMNS
                        + FROM_RELEASES
                        + " WHERE r.workspace = :w AND r.title = :t AND r.version = :v")
                .bind("w", workspace)
                .bind("t", title)
                .bind("v", version)
                .map(RELEASE)
                .findOne());
  }

  @Override
  public Optional<String> record(long releaseId) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT record FROM releases WHERE id = :id")
                .bind("id", releaseId)
                .mapTo(String.class)
                .findOne());
  }

  @Override
  public boolean yank(long releaseId, String record, String reason, Instant at) {
    return jdbi.withHandle(
        h ->
            h.createUpdate(
                        "UPDATE releases SET record = :record, yank_reason = :reason,"
                            + " yanked_at = :at WHERE id = :id")
                    .bind("record", record)
                    .bind("reason", reason)
                    .bind("at", at.toEpochMilli())
                    .bind("id", releaseId)
                    .execute()
                == 1);
  }

  @Override
  public List<HostedRelease> ofProject(long projectId) {
    return releases("r.project_id = :p", Map.of("p", projectId));
  }

  @Override
  public List<Project> blobReaders(String blob) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT "
                        + JdbcProjectStore.COLUMNS
                        + " FROM projects WHERE id IN"
                        + " (SELECT project_id FROM blob_readers WHERE blob = :b) ORDER BY name")
                .bind("b", blob)
                .map(JdbcProjectStore.PROJECT)
                .list());
  }

  @Override
  public void addBlobReader(String blob, long projectId) {
    jdbi.useHandle(h -> h.createUpdate(ADD_READER).bind("b", blob).bind("p", projectId).execute());
  }

  @Override
  public void countDownload(long releaseId, LocalDate day) {
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "INSERT INTO release_downloads (release_id, day, downloads) VALUES (:r, :d, 1)"
                        + " ON CONFLICT (release_id, day)"
                        + " DO UPDATE SET downloads = release_downloads.downloads + 1")
                .bind("r", releaseId)
                .bind("d", day.toEpochDay())
                .execute());
  }

  @Override
  public List<ReleaseDownloads> downloads(long projectId, LocalDate from, LocalDate to) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT r.workspace, r.title, r.version, d.day, d.downloads"
                        + " FROM release_downloads d JOIN releases r ON r.id = d.release_id"
                        + " WHERE r.project_id = :p AND d.day >= :from AND d.day < :to"
                        + " ORDER BY d.day, r.id")
                .bind("p", projectId)
                .bind("from", from.toEpochDay())
                .bind("to", to.toEpochDay())
                .map(
                    (rs, ctx) ->
                        new ReleaseDownloads(
                            rs.getString("workspace"),
                            rs.getString("title"),
                            rs.getString("version"),
                            LocalDate.ofEpochDay(rs.getLong("day")),
                            rs.getLong("downloads")))
                .list());
  }
}
