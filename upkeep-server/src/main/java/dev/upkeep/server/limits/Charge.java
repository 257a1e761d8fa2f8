package dev.upkeep.server.limits;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Objects;

/**
 * One counter a request is charged against, and the rule it is counted by. A {@link LimitStore}
 * takes a request's charges together, all or none.
 *
 * <ul>
 *   <li>{@link Kind#WINDOW}: a fixed window (migas-server's request limit). The window starts at
 *       the first charge of its key and lasts {@code period} milliseconds; at most {@code limit} is
 *       taken in it. Refused: the whole seconds until the window ends (at least 1).
 *   <li>{@link Kind#BUCKET}: a token bucket with debt. It holds up to {@code limit}, refilled
 *       continuously at {@code limit} per {@code period} milliseconds, and starts full. A charge is
 *       taken whenever the bucket is above zero, all of it, even when that drives the bucket below
 *       zero (an otumat client's whole cache is never refused forever); the key then waits until
 *       the debt is repaid. Refused: the whole seconds until the bucket holds one again (at least
 *       1).
 *   <li>{@link Kind#DAY}: a daily cap. At most {@code limit} per UTC day; {@code period} is the day
 *       (days since 1970-01-01) the charge counts on, and the count starts at zero on a new day.
 *       Refused: the whole seconds until 00:00 UTC (at least 1).
 * </ul>
 *
 * <p>A refund gives back a bucket's charge (never above {@code limit}) or a day's charge (never
 * below zero, and only on the same day); a window's charge is never given back.
 *
 * @param kind the rule
 * @param key the counter, already pseudonymous (see {@link LimitKeys}); never a client address
 * @param amount how much the request takes, at least 1
 * @param limit the limit, at least 1
 * @param period the window or refill period in milliseconds (at least 1), or the epoch day
 */
public record Charge(Kind kind, String key, long amount, long limit, long period) {
  /** The counting rules; their codes are what the PostgreSQL function and Redis script read. */
  public enum Kind {
    WINDOW(0),
    BUCKET(1),
    DAY(2);

    final int code;

    Kind(int code) {
      this.code = code;
    }
  }

  public Charge {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(key, "key");
    if (amount < 1 || limit < 1 || (kind != Kind.DAY && period < 1)) {
      throw new IllegalArgumentException(
          "a charge needs a positive amount, limit and period, was "
              + amount
              + ", "
              + limit
              + " and "
              + period
              + " for "
              + key);
    }
  }

  /** One request against {@code key}'s fixed window of {@code limit} requests. */
  public static Charge request(String key, long limit, Duration window) {
    return new Charge(Kind.WINDOW, key, 1, limit, window.toMillis());
  }

  /** {@code events} from {@code key}'s token bucket of {@code limit} events per {@code window}. */
  public static Charge events(String key, long events, long limit, Duration window) {
    return new Charge(Kind.BUCKET, key, events, limit, window.toMillis());
  }

  /** {@code events} against {@code key}'s cap of {@code cap} events on the UTC day {@code day}. */
  public static Charge daily(String key, long events, long cap, LocalDate day) {
    return new Charge(Kind.DAY, key, events, cap, day.toEpochDay());
  }
}
