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
  boolean rotate(String refreshHash, Instant at, List<InstallToken> replacements);

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
