package dev.upkeep.server.store;

import java.util.Locale;

/** What a usage query counts. */
public enum Metric {
  /** Events (breadcrumbs, reports, ...): every stored event counts once. */
  HITS,
  /** Distinct non-null user ids: a user counts once however many events it sent. */
  USERS,
  /**
   * Finished tracked runs: events with status C, F or S. A tracked run sends R when it starts and
   * one of C, F, S when it ends, so counting the ends counts each run once; a run that never ended
   * is not counted.
   */
  RUNS,
  /**
   * Failed tracked runs: events with status F, as the run's end sends it. Divided by {@link #RUNS}
   * of the same buckets it is the failure rate.
   */
  FAILURES;

  /**
   * Parses {@code hits}, {@code users}, {@code runs} or {@code failures} (any case).
   *
   * @throws IllegalArgumentException naming {@code metric} and the accepted values
   */
  public static Metric parse(String name) {
    try {
      return valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "metric must be one of hits, users, runs, failures, was \"" + name + "\"");
    }
  }

  /** The query parameter's value: {@code hits}, {@code users}, {@code runs} or {@code failures}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
