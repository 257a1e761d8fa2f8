package dev.upkeep.server.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** API tokens, kept only as hashes. */
public interface TokenStore {
  void insert(TokenRecord token);

  /** The token with this hash, revoked or not. */
  Optional<TokenRecord> findByHash(String hash);

  /** Every token, newest first. */
  List<TokenRecord> list();

  /**
   * Marks a token revoked.
   *
   * @return false if no unrevoked token has this hash
   */
  boolean revoke(String hash, Instant at);

  /** Whether an unrevoked master token exists. */
  boolean hasMaster();

  /**
   * Inserts a master token unless an unrevoked one exists, as one atomic step for every collector
   * sharing the store: of collectors starting at once on a new database, exactly one inserts its
   * token. A revoked master token does not count, so the next start after a revocation makes a new
   * one.
   *
   * @param master a token of kind {@link TokenRecord.TokenKind#MASTER}
   * @return false, inserting nothing, if an unrevoked master token exists
   * @throws IllegalArgumentException if the token is not a master token
   */
  boolean insertMasterIfNone(TokenRecord master);
}
