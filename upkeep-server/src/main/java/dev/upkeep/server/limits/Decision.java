package dev.upkeep.server.limits;

/**
 * What a {@link LimitStore} decided about a request's charges.
 *
 * @param refused the index of the first charge (in the order given) whose limit refused the
 *     request, or -1 when every charge was taken
 * @param retryAfterSeconds when refused, the whole seconds that charge's counter asks the client to
 *     wait (at least 1, for {@code Retry-After}); 0 when taken
 */
public record Decision(int refused, long retryAfterSeconds) {
  /** Every charge taken. */
  public static final Decision TAKEN = new Decision(-1, 0);

  /** True when every charge was taken. */
  public boolean taken() {
    return refused < 0;
  }

  /**
   * The decision of per-charge waits as the PostgreSQL function and the Redis script return them (0
   * for a charge that would be taken): the first positive one refuses, none taken.
   */
  static Decision of(long[] waits) {
    for (int i = 0; i < waits.length; i++) {
      if (waits[i] > 0) {
        return new Decision(i, waits[i]);
      }
    }
    return TAKEN;
  }
}
