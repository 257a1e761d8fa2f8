package dev.upkeep.server.limits;

/**
 * The counting rules of {@link Charge}, in Java, for {@link MemoryLimitStore}. The PostgreSQL
 * function ({@code upkeep_take_limits}, migration V8) and the Redis script ({@code take.lua}) are
 * the same arithmetic, step for step, in double precision; keep the three in step.
 */
final class Rules {
  static final long DAY_MILLIS = 86_400_000L;

  private Rules() {}

  /**
   * A counter's state after a charge would be taken, or why it is refused.
   *
   * @param amount requests or events counted, or a bucket's tokens (below zero: debt)
   * @param since a window's start or a bucket's last refill (epoch ms), or a day (epoch day)
   * @param expiresAt epoch ms from which the counter equals one never charged, so may be forgotten
   * @param waitSeconds 0 if taken, else the seconds to wait (at least 1)
   */
  record Step(double amount, long since, long expiresAt, long waitSeconds) {}

  /**
   * Takes {@code c} from a counter holding {@code amount} since {@code since}, or from a new one
   * when {@code amount} is null, at {@code now} (epoch ms).
   */
  static Step take(Charge c, Double amount, long since, long now) {
    return switch (c.kind()) {
      case WINDOW -> window(c, amount, since, now);
      case BUCKET -> bucket(c, amount, since, now);
      case DAY -> day(c, amount, since, now);
    };
  }

  /** The counter's amount after {@code c} is given back, or null when nothing changes. */
  static Double refund(Charge c, double amount, long since) {
    return switch (c.kind()) {
      case WINDOW -> null;
      case BUCKET -> Math.min((double) c.limit(), amount + c.amount());
      case DAY -> since == c.period() ? Math.max(0, amount - c.amount()) : null;
    };
  }

  private static Step window(Charge c, Double amount, long since, long now) {
    double a = amount == null || now - since >= c.period() ? 0 : amount;
    long s = amount == null || now - since >= c.period() ? now : since;
    long wait = 0;
    if (a + c.amount() > c.limit()) {
      wait = Math.max(1, Math.floorDiv(s + c.period() - now + 999, 1000));
    }
    return new Step(a + c.amount(), s, s + c.period(), wait);
  }

  private static Step bucket(Charge c, Double amount, long since, long now) {
    double rate = (double) c.limit() / c.period();
    double a = amount == null ? c.limit() : amount;
    long s = amount == null ? now : since;
    if (now > s) {
      a = Math.min(c.limit(), a + (now - s) * rate);
      s = now;
    }
    long wait = 0;
    if (a <= 0) {
      wait = Math.max(1, (long) Math.ceil((1 - a) / rate / 1000));
    }
    double after = a - c.amount();
    return new Step(after, s, s + (long) Math.ceil((c.limit() - after) / rate), wait);
  }

  private static Step day(Charge c, Double amount, long since, long now) {
    // A counter already on a later day (another collector's clock passed midnight first) stays
    // on it; an earlier day's count is over.
    boolean fresh = amount == null || since < c.period();
    double a = fresh ? 0 : amount;
    long d = fresh ? c.period() : since;
    long wait = 0;
    if (a + c.amount() > c.limit()) {
      wait = Math.max(1, (d + 1) * 86_400 - Math.floorDiv(now, 1000));
    }
    return new Step(a + c.amount(), d, (d + 1) * DAY_MILLIS, wait);
  }
}
