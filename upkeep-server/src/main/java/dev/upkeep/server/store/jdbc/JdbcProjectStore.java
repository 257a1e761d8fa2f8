package dev.upkeep.server.store.jdbc;

import dev.upkeep.server.store.ChangeTopic;
import dev.upkeep.server.store.Project;
import dev.upkeep.server.store.ProjectStore;
import dev.upkeep.server.store.VersionRecord;
import dev.upkeep.server.store.Visibility;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * Projects and versions in the {@code projects} and {@code versions} tables. A change of a
 * project's row or of its versions is recorded in the {@link JdbcChanges change log} in its
 * transaction.
 */
final class JdbcProjectStore implements ProjectStore {
  /** The columns {@link #PROJECT} reads, for {@code SELECT}s of other stores too. */
  static final String COLUMNS =
      "id, name, registered_at, badge_enabled, visibility, public_page, retention_days";

  /** Maps {@link #COLUMNS} (unqualified names) to a project. */
  static final RowMapper<Project> PROJECT =
      (rs, ctx) ->
          new Project(
              rs.getLong("id"),
              rs.getString("name"),
              Instant.ofEpochMilli(rs.getLong("registered_at")),
              rs.getInt("badge_enabled") != 0,
              Visibility.parse(rs.getString("visibility")),
              rs.getInt("public_page") != 0,
              nullableInt(rs, "retention_days"));

  private static Integer nullableInt(java.sql.ResultSet rs, String column)
      throws java.sql.SQLException {
    int value = rs.getInt(column);
    return rs.wasNull() ? null : value;
  }

  private static final RowMapper<VersionRecord> VERSION =
      (rs, ctx) ->
          new VersionRecord(
              rs.getString("version"),
              Instant.ofEpochMilli(rs.getLong("added_at")),
              rs.getInt("flagged") != 0,
              rs.getString("flag_reason"),
              rs.getString("replacement"),
              rs.getInt("flag_lifted") != 0);

  private final Jdbi jdbi;
  private final Clock clock;

  /** {@code clock} dates projects registered and versions added. */
  JdbcProjectStore(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  @Override
  public Optional<Project> register(String name, Visibility visibility) {
    long now = clock.millis();
    return jdbi.inTransaction(
        h ->
            h.createQuery(
                    "INSERT INTO projects (name, registered_at, visibility)"
                        + " VALUES (:name, :now, :visibility)"
                        + " ON CONFLICT (name) DO NOTHING RETURNING "
                        + COLUMNS)
                .bind("name", name)
                .bind("now", now)
                .bind("visibility", visibility.wire())
                .map(PROJECT)
                .findOne());
  }

  @Override
  public Optional<Project> find(String name) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT " + COLUMNS + " FROM projects WHERE name = :name")
                .bind("name", name)
                .map(PROJECT)
                .findOne());
  }

  @Override
  public List<Project> list() {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT " + COLUMNS + " FROM projects ORDER BY name")
                .map(PROJECT)
                .list());
  }

  @Override
  public boolean setBadgeEnabled(String name, boolean enabled) {
    return set(name, "badge_enabled", enabled ? 1 : 0, Integer.class);
  }

  @Override
  public boolean setRetention(String name, Integer days) {
    return set(name, "retention_days", days, Integer.class);
  }

  @Override
  public boolean setPublicPage(String name, boolean enabled) {
    return set(name, "public_page", enabled ? 1 : 0, Integer.class);
  }

  @Override
  public boolean setVisibility(String name, Visibility visibility) {
    return set(name, "visibility", visibility.wire(), String.class);
  }

  /**
   * Sets one column of a project's row and records the change for other collectors.
   *
   * @param column a column of {@code projects}, from this class only
   * @return false if no project has that name
   */
  private <T> boolean set(String name, String column, T value, Class<T> type) {
    return jdbi.inTransaction(
        h ->
            changedProject(
                h,
                h.createQuery(
                        "UPDATE projects SET " + column + " = :v WHERE name = :name RETURNING id")
                    .bindByType("v", value, type)
                    .bind("name", name)
                    .mapTo(Long.class)
                    .findOne()));
  }

  @Override
  public Optional<String> ingestKey(long projectId) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT ingest_key FROM projects WHERE id = :id AND ingest_key IS NOT NULL")
                .bind("id", projectId)
                .mapTo(String.class)
                .findFirst());
  }

  @Override
  public boolean setIngestKey(String name, String key) {
    return jdbi.inTransaction(
        h ->
            changedProject(
                h,
                h.createQuery(
                        "UPDATE projects SET ingest_key = :key WHERE name = :name RETURNING id")
                    .bind("key", key)
                    .bind("name", name)
                    .mapTo(Long.class)
                    .findOne()));
  }

  @Override
  public boolean addVersion(long projectId, String version) {
    return jdbi.inTransaction(
        h ->
            changedVersions(
                h,
                projectId,
                h.createUpdate(
                        "INSERT INTO versions (project_id, version, added_at)"
                            + " VALUES (:p, :v, :now) ON CONFLICT (project_id, version) DO NOTHING")
                    .bind("p", projectId)
                    .bind("v", version)
                    .bind("now", clock.millis())
                    .execute()));
  }

  @Override
  public List<VersionRecord> versions(long projectId) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT version, added_at, flagged, flag_reason, replacement, flag_lifted"
                        + " FROM versions"
                        + " WHERE project_id = :p ORDER BY added_at, version")
                .bind("p", projectId)
                .map(VERSION)
                .list());
  }

  @Override
  public boolean flag(long projectId, String version, String reason, String replacement) {
    return setFlag(projectId, version, 1, reason, replacement, 0);
  }

  @Override
  public boolean unflag(long projectId, String version) {
    return setFlag(projectId, version, 0, null, null, 1);
  }

  private boolean setFlag(
      long projectId, String version, int flagged, String reason, String replacement, int lifted) {
    return jdbi.inTransaction(
        h ->
            changedVersions(
                h,
                projectId,
                h.createUpdate(
                        "UPDATE versions SET flagged = :f, flag_reason = :r, replacement = :x,"
                            + " flag_lifted = :l WHERE project_id = :p AND version = :v")
                    .bind("f", flagged)
                    .bind("r", reason)
                    .bind("x", replacement)
                    .bind("l", lifted)
                    .bind("p", projectId)
                    .bind("v", version)
                    .execute()));
  }

  /** Records a change of the project's row when one was updated; whether one was. */
  private static boolean changedProject(Handle h, Optional<Long> updated) {
    updated.ifPresent(id -> JdbcChanges.record(h, ChangeTopic.PROJECT, id));
    return updated.isPresent();
  }

  /** Records a change of the project's versions when rows changed; whether they did. */
  private static boolean changedVersions(Handle h, long projectId, int rows) {
    if (rows > 0) {
      JdbcChanges.record(h, ChangeTopic.VERSIONS, projectId);
    }
    return rows > 0;
  }
}
