package dev.upkeep.server.store.jdbc;

import dev.upkeep.server.store.Metric;
import java.util.Map;
import java.util.TreeMap;
import org.roaringbitmap.RoaringBitmap;

/**
 * What a usage query read, per bucket and UTC day: events, finished runs and users, whether from a
 * rollup row or from raw events. Buckets iterate in key order ({@link String#compareTo}). Not
 * thread-safe; one per query.
 */
final class UsageCells {
  /** One bucket on one day. */
  static final class Cell {
    long hits;
    long runs;
    long users;

    /** The users' ordinals, when the query needs them (null otherwise). */
    RoaringBitmap bitmap;

    /** This cell's value of {@code metric}. */
    long value(Metric metric) {
      return switch (metric) {
        case HITS -> hits;
        case RUNS -> runs;
        case USERS -> users;
      };
    }
  }

  private final Map<String, Map<Integer, Cell>> cells = new TreeMap<>();

  /** The cell of a bucket and day, created empty when absent. */
  Cell cell(String bucket, int day) {
    return cells
        .computeIfAbsent(bucket, b -> new TreeMap<>())
        .computeIfAbsent(day, d -> new Cell());
  }

  /** Every bucket read, in key order, with its cells by day. */
  Map<String, Map<Integer, Cell>> buckets() {
    return cells;
  }

  /**
   * A bucket's value over every day: the sum of its cells for events and runs, the size of the
   * union of their bitmaps for users.
   */
  static long total(Map<Integer, Cell> days, Metric metric) {
    if (metric != Metric.USERS) {
      long sum = 0;
      for (Cell c : days.values()) {
        sum += c.value(metric);
      }
      return sum;
    }
    RoaringBitmap union = new RoaringBitmap();
    for (Cell c : days.values()) {
      if (c.bitmap != null) {
        union.or(c.bitmap);
      }
    }
    return union.getLongCardinality();
  }
}
