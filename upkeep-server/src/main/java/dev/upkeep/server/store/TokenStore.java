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
}
