package dev.upkeep.server.store.jdbc;

import dev.upkeep.server.store.TokenRecord;
import dev.upkeep.server.store.TokenRecord.TokenKind;
import dev.upkeep.server.store.TokenStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * Token hashes in the {@code tokens} table. {@link #insertMasterIfNone} inserts the master token
 * with one conditional statement; on PostgreSQL, collectors starting at once are serialised first
 * by a transaction-level advisory lock ({@link #MASTER_TOKEN_LOCK}), without which two READ
 * COMMITTED transactions could both find no master token; on SQLite the statement runs under the
 * database's single write lock. No unique index is used: a database on which the race already made
 * two master tokens keeps both working.
 */
final class JdbcTokenStore implements TokenStore {
  /**
   * Key of the PostgreSQL advisory lock that serialises master-token creation: the ASCII bytes of
   * {@code "upk:mast"}.
   */
  static final long MASTER_TOKEN_LOCK = 0x75706b3a6d617374L;

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
  private final Dialect dialect;

  JdbcTokenStore(Jdbi jdbi, Dialect dialect) {
    this.jdbi = jdbi;
    this.dialect = dialect;
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

  @Override
  public boolean insertMasterIfNone(TokenRecord master) {
    if (master.kind() != TokenKind.MASTER || master.project() != null) {
      throw new IllegalArgumentException("not a master token: " + master.kind());
    }
    if (dialect == Dialect.POSTGRES) {
      // READ COMMITTED: the insert's own snapshot, taken once the lock is ours, sees the master
      // token of a collector that held the lock before
      return jdbi.inTransaction(
          TransactionIsolationLevel.READ_COMMITTED,
          h -> {
            h.createQuery("SELECT pg_advisory_xact_lock(:key)")
                .bind("key", MASTER_TOKEN_LOCK)
                .mapToMap()
                .one();
            return insertMaster(h, master);
          });
    }
    return jdbi.withHandle(h -> insertMaster(h, master));
  }

  private static boolean insertMaster(Handle h, TokenRecord t) {
    return h.createUpdate(
                "INSERT INTO tokens (hash, prefix, kind, project_id, description, created_at)"
                    + " SELECT :hash, :prefix, 'MASTER', NULL, :description, :created"
                    + " WHERE NOT EXISTS"
                    + " (SELECT 1 FROM tokens WHERE kind = 'MASTER' AND revoked_at IS NULL)")
            .bind("hash", t.hash())
            .bind("prefix", t.prefix())
            .bind("description", t.description())
            .bind("created", t.createdAt().toEpochMilli())
            .execute()
        > 0;
  }
}
