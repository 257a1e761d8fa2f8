package dev.upkeep.server.store.jdbc;

import dev.upkeep.server.store.TokenRecord;
import dev.upkeep.server.store.TokenRecord.TokenKind;
import dev.upkeep.server.store.TokenStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

/** Token hashes in the {@code tokens} table. */
final class JdbcTokenStore implements TokenStore {
  private static final String SELECT =
      "SELECT t.hash, t.prefix, t.kind, p.name AS project, t.description, t.created_at,"
          + " t.revoked_at FROM tokens t LEFT JOIN projects p ON p.id = t.project_id";
  private static final RowMapper<TokenRecord> TOKEN =
      (rs, ctx) -> {
        long revoked = rs.getLong("revoked_at");
        boolean notRevoked = rs.wasNull();
        return new TokenRecord(
            rs.getString("hash"),
            rs.getString("prefix"),
            TokenKind.valueOf(rs.getString("kind")),
            rs.getString("project"),
            rs.getString("description"),
            Instant.ofEpochMilli(rs.getLong("created_at")),
            notRevoked ? null : Instant.ofEpochMilli(revoked));
      };

  private final Jdbi jdbi;

  JdbcTokenStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  @Override
  public void insert(TokenRecord t) {
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "INSERT INTO tokens (hash, prefix, kind, project_id, description, created_at)"
                        + " VALUES (:hash, :prefix, :kind,"
                        + " (SELECT id FROM projects WHERE name = :project), :description, :created)")
                .bind("hash", t.hash())
                .bind("prefix", t.prefix())
                .bind("kind", t.kind().name())
                .bind("project", t.project())
                .bind("description", t.description())
                .bind("created", t.createdAt().toEpochMilli())
                .execute());
  }

  @Override
  public Optional<TokenRecord> findByHash(String hash) {
    return jdbi.withHandle(
        h ->
            h.createQuery(SELECT + " WHERE t.hash = :hash")
                .bind("hash", hash)
                .map(TOKEN)
                .findOne());
  }

  @Override
  public List<TokenRecord> list() {
    return jdbi.withHandle(
        h -> h.createQuery(SELECT + " ORDER BY t.created_at DESC").map(TOKEN).list());
  }

  @Override
  public boolean revoke(String hash, Instant at) {
    return jdbi.withHandle(
            h ->
                h.createUpdate(
                        "UPDATE tokens SET revoked_at = :at WHERE hash = :hash"
                            + " AND revoked_at IS NULL")
                    .bind("at", at.toEpochMilli())
                    .bind("hash", hash)
                    .execute())
        > 0;
  }

  @Override
  public boolean hasMaster() {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                        "SELECT COUNT(*) FROM tokens WHERE kind = 'MASTER' AND revoked_at IS NULL")
                    .mapTo(Long.class)
                    .one()
                > 0);
  }
}
