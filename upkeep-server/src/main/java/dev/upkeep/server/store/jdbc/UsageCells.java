package dev.upkeep.server.store.jdbc;

import dev.upkeep.server.store.Metric;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.roaringbitmap.FastAggregation;
import org.roaringbitmap.RoaringBitmap;

/**
 * What a usage query read, per bucket: the disjoint parts of the range that make up its total
 * (sealed months, days, partial days read from raw events) and, for daily series, one cell per UTC
 * day. A day inside a sealed month may be read for the series alone ({@link #seriesDay}): its month
 * already counts it. Buckets iterate in key order ({@link String#compareTo}). Not thread-safe; one
 * per query.
 */
final class UsageCells {
  /** One bucket on one day or in one month. */
  static final class Cell {
    long hits;
    long runs;
    long failures;
    long users;

    /** The users' ordinals, when the query needs them (null otherwise). */
    RoaringBitmap bitmap;

    /** This cell's value of {@code metric}; users are its bitmap's size when it has one. */
    long value(Metric metric) {
      return switch (metric) {
        case HITS -> hits;
        case RUNS -> runs;
        case FAILURES -> failures;
        case USERS -> bitmap == null ? users : bitmap.getLongCardinality();
      };
    }

    /** Adds an event's user, none when {@code ordinal < 0} (the cell still gets a bitmap). */
    void addUser(int ordinal) {
      RoaringBitmap b = bitmap();
      if (ordinal >= 0) {
        b.add(ordinal);
      }
    }

    /** Adds users. */
    void addUsers(RoaringBitmap more) {
      bitmap().or(more);
    }

    private RoaringBitmap bitmap() {
      if (bitmap == null) {
        bitmap = new RoaringBitmap();
      }
      return bitmap;
    }
  }

  /** A bucket's cells. */
  static final class Cells {
    /** The parts of the range counted in the total. */
    private final List<Cell> parts = new ArrayList<>();

    /** Cells by UTC epoch day, for series. */
    private final Map<Integer, Cell> days = new TreeMap<>();

    /** Cells by UTC epoch day, in day order. */
    Map<Integer, Cell> days() {
      return days;
    }

    /**
     * The bucket's value over the range: the sum of its parts for events and runs, the size of the
     * union of their bitmaps for users.
     */
    long total(Metric metric) {
      if (metric != Metric.USERS) {
        long sum = 0;
        for (Cell c : parts) {
          sum += c.value(metric);
        }
        return sum;
      }
      List<RoaringBitmap> bitmaps = new ArrayList<>(parts.size());
      for (Cell c : parts) {
        if (c.bitmap != null) {
          bitmaps.add(c.bitmap);
        }
      }
      // one pass over all of them (bitmap containers, in place), not one new array per union
      return FastAggregation.or(bitmaps.iterator()).getLongCardinality();
    }
  }

  private final Map<String, Cells> cells = new TreeMap<>();

  private Cells of(String bucket) {
    return cells.computeIfAbsent(bucket, b -> new Cells());
  }

  /** The cell of a bucket and day, counted in the total; created empty when absent. */
  Cell day(String bucket, int day) {
    Cells b = of(bucket);
    Cell c = b.days.get(day);
    if (c == null) {
      c = new Cell();
      b.days.put(day, c);
      b.parts.add(c);
    }
    return c;
  }

  /** A new cell of a bucket and day inside a sealed month: in the series, not in the total. */
  Cell seriesDay(String bucket, int day) {
    Cell c = new Cell();
    of(bucket).days.put(day, c);
    return c;
  }

  /** A new cell of a bucket over a sealed month: in the total, not in the series. */
  Cell month(String bucket) {
    Cell c = new Cell();
    of(bucket).parts.add(c);
    return c;
  }

  /** Every bucket read, in key order. */
  Map<String, Cells> buckets() {
    return cells;
  }
}
