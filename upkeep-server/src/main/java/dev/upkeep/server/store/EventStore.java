package dev.upkeep.server.store;

import dev.upkeep.server.ingest.EventWriter;
import java.util.List;

/**
 * Usage events: appended in groups by the ingest pipeline's writer thread, counted by queries.
 * Events with an event id are stored at most once.
 *
 * <p>{@link #append} keeps the rollups (counts and user bitmaps per project, kind, UTC day and
 * dimension) in the transaction that stores the events, counting only the events it stored. Queries
 * answer whole UTC days of the range from the rollups and read raw events only for a first or last
 * day the range covers in part, so every answer equals what counting the raw events would give, for
 * any instant bounds. Thread-safe; {@link #append} is called by one thread at a time.
 */
public interface EventStore extends EventWriter {
  /** The filter's metric over its range: events, distinct non-null users, or finished runs. */
  long count(UsageFilter filter);

  /**
   * The filter's metric per value of {@code by}, ordered by key; every key with at least one event
   * in the range is listed, with a count of 0 when the metric finds none (a version used only
   * without user ids, by users). {@link Dimension#DAY} lists every day of the range, zeros
   * included; {@link Dimension#ERROR_TYPE} counts failed events only.
   */
  default List<Bucket> breakdown(UsageFilter filter, Dimension by) {
    return breakdown(filter, by, false);
  }

  /**
   * As {@link #breakdown(UsageFilter, Dimension)}; with {@code overDays} each bucket also carries
   * its {@link Bucket#series() series}: the metric per UTC day of the range, zeros included.
   *
   * @throws IllegalArgumentException when {@code overDays} is asked with {@link Dimension#DAY}
   */
  List<Bucket> breakdown(UsageFilter filter, Dimension by, boolean overDays);

  /** Total number of stored events of every project (for tests, demos and health). */
  long total();

  /**
   * Recomputes every rollup from the stored events, in one transaction: what {@link #append} keeps
   * incrementally, rebuilt. Meant for a store no collector is writing to (it replaces the rollups
   * wholesale, and a running collector caches some of them).
   *
   * @return the number of events summarised
   * @throws StoreException when the rebuild failed; the previous rollups are kept
   */
  long rebuildRollups();
}
