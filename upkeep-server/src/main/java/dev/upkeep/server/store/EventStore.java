package dev.upkeep.server.store;

import dev.upkeep.server.ingest.EventWriter;
import java.util.List;

/**
 * Usage events: appended in groups by the ingest pipeline's writer thread, counted by queries.
 * Events with an event id are stored at most once.
 */
public interface EventStore extends EventWriter {
  /**
   * Counts events matching the filter: all of them, or distinct non-null user ids when {@code
   * filter.unique()}.
   */
  long count(UsageFilter filter);

  /** Counts as {@link #count} does, per value of {@code by}, ordered by key. */
  List<Bucket> breakdown(UsageFilter filter, Dimension by);

  /** Total number of stored events of every project (for tests, demos and health). */
  long total();
}
