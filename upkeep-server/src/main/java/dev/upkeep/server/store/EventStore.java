package dev.upkeep.server.store;

import dev.upkeep.server.ingest.EventWriter;
import java.time.Instant;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Usage events: appended in groups by the ingest pipeline's writer thread, counted by queries.
 * Events with an event id are stored at most once.
 *
 * <p>{@link #append} keeps the rollups (counts and user bitmaps per project, kind, UTC day and
 * dimension) in the transaction that stores the events, counting only the events it stored. Queries
 * answer whole UTC months of the range from the month rollups ({@link #rollUpPast}), the other
 * whole UTC days from the daily rollups, and read raw events only for a first or last day the range
 * covers in part, so every answer equals what counting the raw events would give, for any instant
 * bounds. Thread-safe; {@link #append} is called by one thread at a time.
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

  /**
   * Answers several questions about one project over one range in one read transaction, so that
   * every answer comes from the same snapshot, and with the work they share done once (the plan of
   * the range per kind, the total per kind and metric). Each answer is handed to {@code answers} as
   * soon as it is known, in the order of {@code questions}, on the calling thread.
   *
   * @param from first instant included
   * @param to last instant included
   * @throws StoreException when the store failed; the answers handed over before stand
   */
  void view(
      long projectId,
      Instant from,
      Instant to,
      List<UsageQuestion> questions,
      BiConsumer<UsageQuestion, UsageAnswer> answers);

  /** Total number of stored events of every project (for tests, demos and health). */
  long total();

  /**
   * Drops what this store cached of the rollups, their seals and the users' ordinals, because
   * another collector on the same database rewrote them ({@link ChangeTopic#USERS}: a user
   * forgotten, old events pruned). The caches fill again as events arrive. Thread-safe.
   */
  void dropCaches();

  /**
   * Recomputes every rollup from the stored events, in one transaction: what {@link #append} keeps
   * incrementally, rebuilt. Meant for a store no collector is writing to (it replaces the rollups
   * wholesale, and a running collector caches some of them).
   *
   * @return the number of events summarised
   * @throws StoreException when the rebuild failed; the previous rollups are kept
   */
  long rebuildRollups();

  /**
   * Sums the periods that are over: the daily rollups of every month over for two days (UTC) at
   * {@code now} into month rollups, and the events of every day over for one day into hour rollups,
   * so that a query over whole months reads one row per month and bucket instead of one per day,
   * and a partial first or last day reads whole hours instead of raw events. Answers are the same
   * with or without them: a period is used only while no event of it was stored after it was summed
   * (a late event unseals it until the next run). The collector runs it shortly after start and
   * then every hour ({@link RollupSchedule}); {@link #rebuildRollups} runs it after rebuilding.
   * Safe while appends go on, in this collector or others.
   *
   * @return the number of months and days summed
   * @throws StoreException when the store failed; periods summed before stay
   */
  int rollUpPast(Instant now);
}
