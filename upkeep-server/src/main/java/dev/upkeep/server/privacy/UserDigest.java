package dev.upkeep.server.privacy;

import dev.upkeep.server.auth.Tokens;

/**
 * How the collector names a user id where the id itself must not appear (answers to a forgetting,
 * the audit log, its own log): {@code sha256:} and the first 16 hex digits of the SHA-256 of the
 * id's UTF-8 bytes. Enough to match a line to a request the operator holds, not to read the id.
 */
public final class UserDigest {
  private UserDigest() {}

  /** {@code sha256:<16 hex digits>} of {@code userId}. */
  public static String of(String userId) {
    return "sha256:" + Tokens.hash(userId).substring(0, 16);
  }

  /** How the audit log names a user: {@code user sha256:<16 hex digits>}. */
  public static String audited(String userId) {
    return "user " + of(userId);
  }
}
