package dev.upkeep.server.auth;

import dev.upkeep.server.store.TokenRecord;
import dev.upkeep.server.store.TokenRecord.TokenKind;
import dev.upkeep.server.store.TokenStore;
import java.time.Clock;
import java.util.Optional;

/**
 * Decides what the bearer of a token may do: a master token administers everything, a project token
 * reads its own project's usage. Thread-safe.
 */
public final class Access {
  private final TokenStore tokens;
  private final Clock clock;

  /** {@code clock} dates the tokens issued and revoked. */
  public Access(TokenStore tokens, Clock clock) {
    this.tokens = tokens;
    this.clock = clock;
  }

  /**
   * Resolves an {@code Authorization} header value.
   *
   * @param authorization {@code Bearer <token>}, or null
   * @return the unrevoked token, or empty when absent, unknown or revoked
   */
  public Optional<TokenRecord> resolve(String authorization) {
    String raw = bearer(authorization);
    if (raw == null) {
      return Optional.empty();
    }
    return tokens.findByHash(Tokens.hash(raw)).filter(t -> t.revokedAt() == null);
  }

  /**
   * Whether the header's token reads {@code project}: the master token, or a token (read or
   * publish) of that project.
   */
  public boolean reads(String authorization, String project) {
    return resolve(authorization).map(t -> tokenReads(t, project)).orElse(false);
  }

  /** Whether a resolved token reads {@code project}: the master token, or one of the project's. */
  public static boolean tokenReads(TokenRecord token, String project) {
    return token.kind() == TokenKind.MASTER || project.equals(token.project());
  }

  /** Whether the header carries a valid master token. */
  public boolean isMaster(String authorization) {
    return resolve(authorization).map(t -> t.kind() == TokenKind.MASTER).orElse(false);
  }

  /**
   * Issues a token, storing only its hash.
   *
   * @param project the project a project token reads, or null for a master token
   * @return the raw token, which is never shown again
   */
  public String issue(TokenKind kind, String project, String description) {
    String raw = Tokens.generate();
    tokens.insert(
        new TokenRecord(
            Tokens.hash(raw),
            Tokens.shownPrefix(raw),
            kind,
            project,
            description,
            clock.instant(),
            null));
    return raw;
  }

  /**
   * Revokes a raw token.
   *
   * @return false if it is unknown or already revoked
   */
  public boolean revoke(String raw) {
    return tokens.revoke(Tokens.hash(raw.trim()), clock.instant());
  }

  /** The raw token of a {@code Bearer} header, or null. */
  static String bearer(String authorization) {
    if (authorization == null) {
      return null;
    }
    String h = authorization.trim();
    if (h.regionMatches(true, 0, "Bearer ", 0, 7)) {
      String raw = h.substring(7).trim();
      return raw.isEmpty() ? null : raw;
    }
    return null;
  }
}
