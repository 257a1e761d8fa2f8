package dev.upkeep.server.store.jdbc;

import dev.upkeep.server.store.Dimension;
import java.util.HashMap;
import java.util.Map;
import org.roaringbitmap.RoaringBitmap;

/**
 * The rollup increments of a group of stored events, summed in memory before they are written: per
 * {@link RollupKey}, events, finished runs and failed runs, and the set of user ordinals. Every key
 * an event falls in gets a user set, empty when none of its events had a user. Not thread-safe; one
 * per transaction.
 */
final class RollupBatch {
  /** Per key: {@code [hits, runs, failures]}. */
  private final Map<RollupKey, long[]> counts = new HashMap<>();

  private final Map<RollupKey, RoaringBitmap> users = new HashMap<>();

  /**
   * Adds one stored event.
   *
   * @param ordinal the ordinal of the event's user in its project, or -1 when it has no user id
   */
  void add(
      long projectId,
      String kind,
      int day,
      String version,
      String platform,
      String container,
      boolean ci,
      String status,
      String languageVersion,
      String errorType,
      int ordinal) {
    boolean run = RollupBuckets.isRun(status);
    boolean failure = RollupBuckets.isFailure(status);
    count(new RollupKey(projectId, kind, RollupBuckets.TOTAL, day, ""), run, failure, ordinal);
    for (Dimension dim : RollupBuckets.KEPT) {
      String bucket =
          RollupBuckets.bucket(
              dim, version, platform, container, ci, status, languageVersion, errorType);
      if (bucket != null) {
        count(new RollupKey(projectId, kind, dim.id(), day, bucket), run, failure, ordinal);
      }
    }
  }

  private void count(RollupKey key, boolean run, boolean failure, int ordinal) {
    long[] c = counts.computeIfAbsent(key, k -> new long[3]);
    c[0]++;
    if (run) {
      c[1]++;
    }
    if (failure) {
      c[2]++;
    }
    RoaringBitmap u = users.computeIfAbsent(key, k -> new RoaringBitmap());
    if (ordinal >= 0) {
      u.add(ordinal);
    }
  }

  boolean isEmpty() {
    return counts.isEmpty();
  }

  /** Per key: {@code [hits, runs, failures]} to add. */
  Map<RollupKey, long[]> counts() {
    return counts;
  }

  /** Per key: the ordinals of the users to add (possibly none). */
  Map<RollupKey, RoaringBitmap> users() {
    return users;
  }
}
