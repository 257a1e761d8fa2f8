package dev.upkeep.server.limits;

import java.time.Clock;
import java.util.List;

/**
 * Where the collector's limits are counted: the request limit per client address, the event budgets
 * per client and per project, the daily cap per project. In this process only ({@link #memory}), or
 * in a store every collector shares, PostgreSQL or Redis (see {@link LimitStores}), so that N
 * collectors together allow what one allows.
 *
 * <p>Every implementation counts by the same rules ({@link Charge}) on the time of its {@link
 * Clock}, and takes a request's charges atomically, all or none: no other decision, in this
 * collector or another, sees some of them taken and others not, and two decisions never both take
 * the last of a limit. A shared store takes them in one round trip.
 *
 * <p>A shared store that does not answer never blocks a request for long nor refuses it for that:
 * the decision is counted in this collector alone until the store answers again (one WARN line a
 * minute while it does not), and {@link #answering()} says so.
 *
 * <p>Thread-safe.
 */
public interface LimitStore extends AutoCloseable {

  /**
   * Takes every charge, or none when one of them is refused.
   *
   * @param charges the request's charges, at most one per key, in the order their refusals are
   *     reported
   * @return {@link Decision#TAKEN}, or the first refusing charge and its wait
   * @throws IllegalArgumentException when two charges have the same key
   */
  Decision take(List<Charge> charges);

  /**
   * Gives back charges taken by {@link #take} for a request that was then refused elsewhere (a full
   * queue): a bucket's events (never above its limit), a day's events on the same day only (never
   * below zero). A window's request is not given back.
   */
  void refund(List<Charge> charges);

  /**
   * False while a shared store does not answer and the limits are counted in this collector alone
   * (for {@code /v1/health}); always true for {@link #memory}.
   */
  default boolean answering() {
    return true;
  }

  /**
   * What the limits are counted in: {@code memory}, {@code postgres}, {@code redis://host:port}.
   */
  String describe();

  /** Stops the store's threads and connections. Idempotent. */
  @Override
  void close();

  /** Counters in this process only, as one collector alone counts them. */
  static LimitStore memory(Clock clock) {
    return new MemoryLimitStore(clock);
  }
}
