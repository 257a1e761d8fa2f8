package dev.upkeep.server.limits;

/**
 * A shared limit store did not answer a decision (unreachable, too slow, refused the statement).
 * {@link SharedLimitStore} counts the decision locally instead.
 */
final class LimitStoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  LimitStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
