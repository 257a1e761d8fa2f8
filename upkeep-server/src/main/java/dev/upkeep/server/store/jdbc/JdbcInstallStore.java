package dev.upkeep.server.store.jdbc;

import dev.upkeep.protocol.Json;
import dev.upkeep.server.store.AuthorizationCode;
import dev.upkeep.server.store.Install;
import dev.upkeep.server.store.InstallStore;
import dev.upkeep.server.store.InstallToken;
import dev.upkeep.server.store.StoreException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * Installs, install tokens and authorization codes in the {@code installs}, {@code install_tokens}
 * and {@code authorization_codes} tables. Consuming a refresh token or a code is one conditional
 * {@code UPDATE ... WHERE used_at IS NULL} whose row count decides the winner, followed in the same
 * transaction by the inserts it pays for; it is the transaction's first statement, so on SQLite it
 * takes the write lock before reading anything and never needs to upgrade a read snapshot.
 */
final class JdbcInstallStore implements InstallStore {
  private static final String INSTALL_COLUMNS =
      "id, project_id, flow, client_id, client_secret_hash, package_version, metadata,"
          + " created_at, revoked_at";
  private static final RowMapper<Install> INSTALL =
      (rs, ctx) ->
          new Install(
              rs.getString("id"),
              rs.getLong("project_id"),
              Install.Flow.ofStored(rs.getString("flow")),
              rs.getString("client_id"),
              rs.getString("client_secret_hash"),
              rs.getString("package_version"),
              metadata(rs.getString("metadata")),
              instant(rs, "created_at"),
              instant(rs, "revoked_at"));
  private static final RowMapper<InstallToken> TOKEN =
      (rs, ctx) ->
          new InstallToken(
              rs.getString("hash"),
              rs.getString("install_id"),
              InstallToken.Kind.ofStored(rs.getString("kind")),
              instant(rs, "created_at"),
              instant(rs, "expires_at"),
              instant(rs, "used_at"),
              instant(rs, "revoked_at"),
              rs.getString("successor"));
  private static final RowMapper<AuthorizationCode> CODE =
      (rs, ctx) ->
          new AuthorizationCode(
              rs.getString("hash"),
              rs.getLong("project_id"),
              rs.getString("redirect_uri"),
              rs.getString("challenge"),
              rs.getString("scope"),
              instant(rs, "created_at"),
              instant(rs, "expires_at"),
              instant(rs, "used_at"));

  private final Jdbi jdbi;

  JdbcInstallStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  @Override
  public void create(Install install, List<InstallToken> tokens) {
    try {
      jdbi.useTransaction(
          h -> {
            insertInstall(h, install);
            insertTokens(h, tokens);
          });
    } catch (JdbiException e) {
      throw new StoreException("cannot store install " + install.id() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<Install> find(String installId) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT " + INSTALL_COLUMNS + " FROM installs WHERE id = :id")
                .bind("id", installId)
                .map(INSTALL)
                .findOne());
  }

  @Override
  public List<Install> list(long projectId) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT "
                        + INSTALL_COLUMNS
                        + " FROM installs WHERE project_id = :p ORDER BY created_at, id")
                .bind("p", projectId)
                .map(INSTALL)
                .list());
  }

  @Override
  public Optional<Install> findByClientId(String clientId) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT " + INSTALL_COLUMNS + " FROM installs WHERE client_id = :c")
                .bind("c", clientId)
                .map(INSTALL)
                .findOne());
  }

  @Override
  public Optional<InstallToken> findToken(String hash) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT hash, install_id, kind, created_at, expires_at, used_at, revoked_at,"
                        + " successor FROM install_tokens WHERE hash = :hash")
                .bind("hash", hash)
                .map(TOKEN)
                .findOne());
  }

  @Override
  public boolean rotate(
      String refreshHash, Instant at, List<InstallToken> replacements, String successor) {
    return jdbi.inTransaction(
        h -> {
          int won =
              h.createUpdate(
                      "UPDATE install_tokens SET used_at = :at, successor = :successor"
                          + " WHERE hash = :hash AND kind = 'refresh' AND used_at IS NULL"
                          + " AND revoked_at IS NULL")
                  .bind("at", at.toEpochMilli())
                  .bind("successor", successor)
                  .bind("hash", refreshHash)
                  .execute();
          if (won != 1) {
            return false;
          }
          insertTokens(h, replacements);
          return true;
        });
  }

  @Override
  public boolean revoke(String installId, Instant at) {
    return jdbi.withHandle(
            h ->
                h.createUpdate(
                        "UPDATE installs SET revoked_at = :at WHERE id = :id"
                            + " AND revoked_at IS NULL")
                    .bind("at", at.toEpochMilli())
                    .bind("id", installId)
                    .execute())
        > 0;
  }

  @Override
  public int revokeTokens(String installId, Instant at) {
    return jdbi.withHandle(
        h ->
            h.createUpdate(
                    "UPDATE install_tokens SET revoked_at = :at, successor = NULL"
                        + " WHERE install_id = :id AND revoked_at IS NULL")
                .bind("at", at.toEpochMilli())
                .bind("id", installId)
                .execute());
  }

  @Override
  public Purged purge(Instant now, Instant sealedBefore, Instant retainedSince) {
    long n = now.toEpochMilli();
    long kept = retainedSince.toEpochMilli();
    return jdbi.inTransaction(
        h -> {
          int codes =
              h.createUpdate("DELETE FROM authorization_codes WHERE expires_at <= :now")
                  .bind("now", n)
                  .execute();
          h.createUpdate(
                  "UPDATE install_tokens SET successor = NULL"
                      + " WHERE successor IS NOT NULL AND used_at <= :sealed")
              .bind("sealed", sealedBefore.toEpochMilli())
              .execute();
          int tokens =
              h.createUpdate(
                      "DELETE FROM install_tokens WHERE (kind = 'access' AND expires_at <= :now)"
                          + " OR revoked_at IS NOT NULL OR used_at <= :kept"
                          + " OR install_id IN (SELECT id FROM installs WHERE revoked_at <= :kept)")
                  .bind("now", n)
                  .bind("kept", kept)
                  .execute();
          int installs =
              h.createUpdate("DELETE FROM installs WHERE revoked_at <= :kept")
                  .bind("kept", kept)
                  .execute();
          return new Purged(codes, tokens, installs);
        });
  }

  @Override
  public String secret(String name, String candidate, Instant at) {
    return jdbi.inTransaction(
        h -> {
          h.createUpdate(
                  "INSERT INTO server_secrets (name, value, created_at) VALUES (:name, :value, :at)"
                      + " ON CONFLICT (name) DO NOTHING")
              .bind("name", name)
              .bind("value", candidate)
              .bind("at", at.toEpochMilli())
              .execute();
          return h.createQuery("SELECT value FROM server_secrets WHERE name = :name")
              .bind("name", name)
              .mapTo(String.class)
              .one();
        });
  }

  @Override
  public void insertCode(AuthorizationCode code) {
    try {
      jdbi.useHandle(
          h ->
              h.createUpdate(
                      "INSERT INTO authorization_codes (hash, project_id, redirect_uri, challenge,"
                          + " scope, created_at, expires_at)"
                          + " VALUES (:hash, :project, :redirect, :challenge, :scope, :created,"
                          + " :expires)")
                  .bind("hash", code.hash())
                  .bind("project", code.projectId())
                  .bind("redirect", code.redirectUri())
                  .bind("challenge", code.challenge())
                  .bind("scope", code.scope())
                  .bind("created", code.createdAt().toEpochMilli())
                  .bind("expires", code.expiresAt().toEpochMilli())
                  .execute());
    } catch (JdbiException e) {
      throw new StoreException("cannot store an authorization code: " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<AuthorizationCode> findCode(String hash) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT hash, project_id, redirect_uri, challenge, scope, created_at,"
                        + " expires_at, used_at FROM authorization_codes WHERE hash = :hash")
                .bind("hash", hash)
                .map(CODE)
                .findOne());
  }

  @Override
  public boolean redeem(String codeHash, Instant at, Install install, List<InstallToken> tokens) {
    return jdbi.inTransaction(
        h -> {
          int won =
              h.createUpdate(
                      "UPDATE authorization_codes SET used_at = :at WHERE hash = :hash"
                          + " AND used_at IS NULL")
                  .bind("at", at.toEpochMilli())
                  .bind("hash", codeHash)
                  .execute();
          if (won != 1) {
            return false;
          }
          insertInstall(h, install);
          insertTokens(h, tokens);
          return true;
        });
  }

  private static void insertInstall(Handle h, Install i) {
    h.createUpdate(
            "INSERT INTO installs (id, project_id, flow, client_id, client_secret_hash,"
                + " package_version, metadata, created_at, revoked_at) VALUES (:id, :project,"
                + " :flow, :client, :secret, :version, :metadata, :created, :revoked)")
        .bind("id", i.id())
        .bind("project", i.projectId())
        .bind("flow", i.flow().storedName())
        .bind("client", i.clientId())
        .bind("secret", i.clientSecretHash())
        .bind("version", i.packageVersion())
        .bind("metadata", Json.write(i.metadata()))
        .bind("created", i.createdAt().toEpochMilli())
        .bind("revoked", i.revokedAt() == null ? null : i.revokedAt().toEpochMilli())
        .execute();
  }

  private static void insertTokens(Handle h, List<InstallToken> tokens) {
    for (InstallToken t : tokens) {
      h.createUpdate(
              "INSERT INTO install_tokens (hash, install_id, kind, created_at, expires_at,"
                  + " used_at) VALUES (:hash, :install, :kind, :created, :expires, :used)")
          .bind("hash", t.hash())
          .bind("install", t.installId())
          .bind("kind", t.kind().storedName())
          .bind("created", t.createdAt().toEpochMilli())
          .bind("expires", t.expiresAt() == null ? null : t.expiresAt().toEpochMilli())
          .bind("used", t.usedAt() == null ? null : t.usedAt().toEpochMilli())
          .execute();
    }
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    long millis = rs.getLong(column);
    return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
  }

  private static Map<String, String> metadata(String json) {
    Map<String, String> out = new LinkedHashMap<>();
    if (Json.parse(json) instanceof Map<?, ?> m) {
      m.forEach((k, v) -> out.put(String.valueOf(k), v == null ? null : String.valueOf(v)));
    }
    return out;
  }
}
