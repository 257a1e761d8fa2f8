package dev.upkeep.server.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Enrolled installs, their tokens and the authorization codes that enroll them. Tokens, secrets and
 * codes are kept only as SHA-256 hashes. Every method is thread-safe; the two that consume
 * something ({@link #rotate} and {@link #redeem}) are atomic, so under any race exactly one caller
 * wins.
 */
public interface InstallStore {
  /**
   * Stores a new install with its first tokens, in one transaction.
   *
   * @throws StoreException when the project does not exist or the id or client id is taken
   */
  void create(Install install, List<InstallToken> tokens);

  /** The install with this id, revoked or not. */
  Optional<Install> find(String installId);

  /** The installs of a project, revoked or not, oldest first (then by id). */
  List<Install> list(long projectId);

  /** The install with this OAuth client id, revoked or not. */
  Optional<Install> findByClientId(String clientId);

  /** The token with this hash, whatever its state. */
  Optional<InstallToken> findToken(String hash);

  /**
   * Exchanges an unused refresh token for new tokens: marks it used at {@code at} and stores {@code
   * replacements}, in one transaction, only if it was still unused.
   *
   * @return false, storing nothing, when no unused refresh token has this hash (unknown, or used by
   *     an earlier or concurrent call)
   */
  default boolean rotate(String refreshHash, Instant at, List<InstallToken> replacements) {
    return rotate(refreshHash, at, replacements, null);
  }

  /**
   * As {@link #rotate(String, Instant, List)}, also storing {@code successor} (the sealed new pair,
   * or null) on the used refresh token, in the same transaction, so that a concurrent caller that
   * lost the race reads it once this returns.
   */
  boolean rotate(String refreshHash, Instant at, List<InstallToken> replacements, String successor);

  /**
   * Revokes every unrevoked token of an install (its token family) at {@code at}; the install
   * itself stays.
   *
   * @return how many tokens were revoked
   */
  int revokeTokens(String installId, Instant at);

  /**
   * Deletes what is no longer needed, in one transaction: authorization codes expired at {@code
   * now}; access tokens expired at {@code now}; revoked tokens; refresh tokens used at or before
   * {@code retainedSince} (until then a reuse is recognised as a replay); revoked installs (with
   * their tokens) revoked at or before {@code retainedSince}. Clears the successor of refresh
   * tokens used at or before {@code sealedBefore} (the end of their grace period). Keeps everything
   * else: unexpired codes and access tokens, unused refresh tokens, live installs.
   */
  Purged purge(Instant now, Instant sealedBefore, Instant retainedSince);

  /**
   * What a {@link #purge} removed.
   *
   * @param codes authorization codes deleted
   * @param tokens install tokens deleted
   * @param installs revoked installs deleted
   */
  record Purged(int codes, int tokens, int installs) {}

  /**
   * The secret of this name, storing {@code candidate} first when there is none; every caller, in
   * any collector sharing the store, gets the same value.
   */
  String secret(String name, String candidate, Instant at);

  /**
   * Marks an install revoked; its tokens are refused from then on.
   *
   * @return false if no unrevoked install has this id
   */
  boolean revoke(String installId, Instant at);

  /**
   * Stores a new authorization code.
   *
   * @throws StoreException when the project does not exist or the hash is taken
   */
  void insertCode(AuthorizationCode code);

  /** The code with this hash, used or not. */
  Optional<AuthorizationCode> findCode(String hash);

  /**
   * Redeems an unused authorization code: marks it used at {@code at} and creates {@code install}
   * with {@code tokens}, in one transaction, only if it was still unused.
   *
   * @return false, storing nothing, when no unused code has this hash (unknown, or redeemed by an
   *     earlier or concurrent call)
   */
  boolean redeem(String codeHash, Instant at, Install install, List<InstallToken> tokens);
}
