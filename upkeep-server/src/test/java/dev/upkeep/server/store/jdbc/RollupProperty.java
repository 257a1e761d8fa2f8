package dev.upkeep.server.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upkeep.server.ingest.RunStatus;
import dev.upkeep.server.ingest.UsageEvent;
import dev.upkeep.server.store.Bucket;
import dev.upkeep.server.store.Dimension;
import dev.upkeep.server.store.Metric;
import dev.upkeep.server.store.Store;
import dev.upkeep.server.store.UsageAnswer;
import dev.upkeep.server.store.UsageFilter;
import dev.upkeep.server.store.UsageQuestion;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * The rollup property: over random event streams (random batches, duplicate and missing event ids,
 * users, timestamps across days, months and at the edges of days, months summed into month rollups
 * between batches and late events unsealing them), every rollup-based answer (count, breakdown,
 * daily series, views; hits, users, runs, failures) equals the count computed with plain SQL over
 * the raw {@code events} table, for random kinds, dimensions and instant bounds. The reference SQL
 * is written here, independently of the store's code.
 */
final class RollupProperty {
  /** The first day of the events: 2024-01-20, so that they cross four month ends (a leap one). */
  static final Instant BASE = Instant.parse("2024-01-20T00:00:00Z");

  /** Days events fall on: {@value}, to the end of April. */
  static final int SPAN_DAYS = 102;

  /** Where most events fall: 2024-02-27 to 2024-03-03, across the end of February. */
  static final int HOT_FIRST = 38;

  static final int HOT_DAYS = 6;

  /** When months are summed: long after all of them are over. */
  static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");

  static final long DAY = 86_400_000L;
  private static final String[] KINDS = {UsageEvent.BREADCRUMB, "report"};

  /** The last one splits only by its length: a space, a colon, and a character outside the BMP. */
  private static final String[] VERSIONS = {"1.0.0", "1.1.0", "2.0.0", "2.1.0 rc:1 \uD83D\uDE80"};

  private static final String[] PLATFORMS = {"linux", "darwin", "win32"};
  private static final String[] CONTAINERS = {"unknown", "docker"};
  private static final String[] LANGUAGE_VERSIONS = {null, "3.11.7", "3.12.1"};
  private static final String[] ERRORS = {null, "ValueError", "KeyError"};
  private static final Dimension[] DIMENSIONS = Dimension.values();

  private final Store store;
  private final Connection sql;
  private final Random random;
  private final List<String> ids;

  RollupProperty(Store store, Connection sql, long seed) {
    this(store, sql, seed, new ArrayList<>());
  }

  /**
   * A property whose event ids are drawn from, and added to, {@code ids}: writers sharing one list
   * (synchronized) send duplicates of each other's events, as clients retrying at another collector
   * do.
   */
  RollupProperty(Store store, Connection sql, long seed, List<String> ids) {
    this.store = store;
    this.sql = sql;
    this.random = new Random(seed);
    this.ids = ids;
  }

  /** Appends {@code events} random events to an existing project, in random batches of 1 to 20. */
  void append(long project, int events) throws Exception {
    int left = events;
    while (left > 0) {
      int n = Math.min(left, 1 + random.nextInt(20));
      List<UsageEvent> batch = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        batch.add(event(project));
      }
      store.events().append(batch);
      left -= n;
    }
  }

  /** Registers a project and appends a random stream of events to it; returns its id. */
  long stream(String name) throws Exception {
    long project = store.projects().register(name).orElseThrow().id();
    int events = 1 + random.nextInt(120);
    List<UsageEvent> batch = new ArrayList<>();
    for (int i = 0; i < events; i++) {
      batch.add(event(project));
      if (random.nextInt(8) == 0) {
        store.events().append(batch);
        batch = new ArrayList<>();
        if (random.nextInt(4) == 0) {
          store.events().rollUpPast(NOW);
        }
      }
    }
    store.events().append(batch);
    return project;
  }

  private UsageEvent event(long project) {
    String id;
    int r = random.nextInt(10);
    if (r < 3) {
      id = null;
    } else {
      synchronized (ids) {
        if (r < 5 && !ids.isEmpty()) {
          id = ids.get(random.nextInt(ids.size())); // a duplicate: stored once at most
        } else {
          id = "e" + random.nextLong();
          ids.add(id);
        }
      }
    }
    RunStatus status = RunStatus.values()[random.nextInt(4)];
    // the builder's calls in the order of the random draws the positional constructor made
    return UsageEvent.builder(project, pick(KINDS), timestamp())
        .eventId(id)
        .version(pick(VERSIONS))
        .language("python")
        .languageVersion(pick(LANGUAGE_VERSIONS))
        .userId(random.nextInt(5) == 0 ? null : "user-" + random.nextInt(9))
        .platform(pick(PLATFORMS))
        .container(pick(CONTAINERS))
        .ci(random.nextBoolean())
        .status(status)
        .errorType(pick(ERRORS))
        .build();
  }

  /**
   * Most in six days across a month's end, the others over four months; a quarter of them on the
   * first or last millisecond of a day.
   */
  private Instant timestamp() {
    long day =
        random.nextInt(3) == 0 ? random.nextInt(SPAN_DAYS) : HOT_FIRST + random.nextInt(HOT_DAYS);
    long ms =
        switch (random.nextInt(8)) {
          case 0 -> 0;
          case 1 -> DAY - 1;
          default -> random.nextInt((int) DAY);
        };
    return BASE.plusMillis(day * DAY + ms);
  }

  /**
   * A bound around the six days or the four months: a midnight, an edge of a day, or any instant.
   */
  private Instant bound() {
    long day =
        random.nextBoolean()
            ? HOT_FIRST - 1 + random.nextInt(HOT_DAYS + 2)
            : random.nextInt(SPAN_DAYS + 2) - 1;
    long ms =
        switch (random.nextInt(4)) {
          case 0 -> 0;
          case 1 -> DAY - 1;
          case 2 -> 1;
          default -> random.nextInt((int) DAY);
        };
    return BASE.plusMillis(day * DAY + ms);
  }

  private <T> T pick(T[] values) {
    return values[random.nextInt(values.length)];
  }

  /** Asks {@code queries} random questions about a project and checks each against plain SQL. */
  void check(long project, int queries) throws SQLException {
    for (int q = 0; q < queries; q++) {
      Instant a = bound();
      Instant b = random.nextInt(6) == 0 ? a : bound();
      Instant from = a.isBefore(b) ? a : b;
      Instant to = a.isBefore(b) ? b : a;
      Metric metric = pick(Metric.values());
      UsageFilter f = new UsageFilter(project, from, to, metric, pick(KINDS));
      assertThat(store.events().count(f)).as("count %s", f).isEqualTo(expectedTotal(f));
      Dimension by = pick(DIMENSIONS);
      boolean over = by != Dimension.DAY && random.nextBoolean();
      assertThat(store.events().breakdown(f, by, over))
          .as("breakdown %s by %s over days %s", f, by, over)
          .isEqualTo(expectedBreakdown(f, by, over));
      if (random.nextInt(3) == 0) {
        checkView(project, from, to);
      }
    }
  }

  /** Asks one to four random questions in one view and checks each answer. */
  private void checkView(long project, Instant from, Instant to) throws SQLException {
    List<UsageQuestion> questions = new ArrayList<>();
    for (int i = 1 + random.nextInt(4); i > 0; i--) {
      Dimension by = random.nextInt(4) == 0 ? null : pick(DIMENSIONS);
      boolean over = by != null && by != Dimension.DAY && random.nextBoolean();
      questions.add(new UsageQuestion(pick(KINDS), pick(Metric.values()), by, over));
    }
    List<UsageAnswer> answers = new ArrayList<>();
    store.events().view(project, from, to, questions, (q, a) -> answers.add(a));
    assertThat(answers).hasSameSizeAs(questions);
    for (int i = 0; i < questions.size(); i++) {
      UsageQuestion q = questions.get(i);
      UsageFilter f = new UsageFilter(project, from, to, q.metric(), q.kind());
      List<Bucket> buckets =
          q.by() == null ? List.of() : expectedBreakdown(f, q.by(), q.overDays());
      assertThat(answers.get(i))
          .as("view of %s: %s", f, q)
          .isEqualTo(new UsageAnswer(expectedTotal(f), buckets));
    }
  }

  private long expectedTotal(UsageFilter f) throws SQLException {
    Map<String, Long> one = grouped(f, "''", "");
    return one.values().stream().mapToLong(Long::longValue).sum();
  }

  private List<Bucket> expectedBreakdown(UsageFilter f, Dimension by, boolean over)
      throws SQLException {
    List<String> days = days(f);
    if (by == Dimension.DAY) {
      Map<String, Long> perDay = grouped(f, "day", "");
      return days.stream().map(d -> new Bucket(d, perDay.getOrDefault(d, 0L))).toList();
    }
    String condition =
        by == Dimension.ERROR_TYPE || by == Dimension.VERSION_ERROR_TYPE ? " AND status = 'F'" : "";
    Map<String, Long> totals = grouped(f, column(by), condition);
    Map<String, Long> cells =
        over ? grouped(f, column(by) + " || '|' || day", condition) : Map.of();
    List<Bucket> out = new ArrayList<>();
    for (Map.Entry<String, Long> t : totals.entrySet()) {
      List<Bucket> series = List.of();
      if (over) {
        series =
            days.stream()
                .map(d -> new Bucket(d, cells.getOrDefault(t.getKey() + "|" + d, 0L)))
                .toList();
      }
      out.add(new Bucket(t.getKey(), t.getValue(), series));
    }
    return out;
  }

  private static String column(Dimension by) {
    return switch (by) {
      case VERSION -> "version";
      case PLATFORM -> "platform";
      case CONTAINER -> "container";
      case CI -> "(CASE WHEN is_ci = 1 THEN 'true' ELSE 'false' END)";
      case STATUS -> "status";
      case LANGUAGE_VERSION -> "COALESCE(language_version, 'unknown')";
      case ERROR_TYPE -> "COALESCE(error_type, 'unknown')";
      case VERSION_ERROR_TYPE ->
          "(LENGTH(version) || ':' || version || ' ' || COALESCE(error_type, 'unknown'))";
      case DAY -> "day";
    };
  }

  /** Every day of the range, {@code YYYY-MM-DD}. */
  private static List<String> days(UsageFilter f) {
    List<String> out = new ArrayList<>();
    long first = Math.floorDiv(f.from().toEpochMilli(), DAY);
    long last = Math.floorDiv(f.to().toEpochMilli(), DAY);
    for (long d = first; d <= last; d++) {
      out.add(LocalDate.ofEpochDay(d).toString());
    }
    return out;
  }

  /**
   * {@code SELECT key, metric FROM events WHERE ... GROUP BY key} as a map ordered by key; keys
   * holding {@code day} (an epoch day) are turned into {@code YYYY-MM-DD}.
   */
  private Map<String, Long> grouped(UsageFilter f, String key, String condition)
      throws SQLException {
    String metric =
        switch (f.metric()) {
          case HITS -> "COUNT(*)";
          case USERS -> "COUNT(DISTINCT user_id)";
          case RUNS -> "COUNT(CASE WHEN status IN ('C', 'F', 'S') THEN 1 END)";
          case FAILURES -> "COUNT(CASE WHEN status = 'F' THEN 1 END)";
        };
    String keyText = key.contains("day") ? key.replace("day", "CAST(day AS TEXT)") : key;
    String query =
        "SELECT "
            + keyText
            + " AS k, "
            + metric
            + " AS n FROM events WHERE project_id = ? AND kind = ? AND ts >= ? AND ts <= ?"
            + condition
            + (key.equals("''") ? "" : " GROUP BY " + keyText);
    Map<String, Long> out = new TreeMap<>();
    try (PreparedStatement ps = sql.prepareStatement(query)) {
      ps.setLong(1, f.projectId());
      ps.setString(2, f.kind());
      ps.setLong(3, f.from().toEpochMilli());
      ps.setLong(4, f.to().toEpochMilli());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(dayToDate(rs.getString(1), key.contains("day")), rs.getLong(2));
        }
      }
    }
    return out;
  }

  private static String dayToDate(String k, boolean hasDay) {
    if (!hasDay) {
      return k;
    }
    int bar = k.lastIndexOf('|');
    String day = k.substring(bar + 1);
    String date = LocalDate.ofEpochDay(Long.parseLong(day)).toString();
    return bar < 0 ? date : k.substring(0, bar + 1) + date;
  }

  /**
   * The rollup tables as text, one line per row in key order, bitmaps as their members: what
   * incremental maintenance and a rebuild must agree on.
   */
  static List<String> rollups(Connection c) throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT project_id, kind, dim, day, bucket, hits, runs, failures FROM rollup_counts"
                    + " ORDER BY project_id, kind, dim, day, bucket");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(
            "counts "
                + rs.getLong(1)
                + " "
                + rs.getString(2)
                + " "
                + rs.getString(3)
                + " "
                + rs.getInt(4)
                + " "
                + rs.getString(5)
                + " hits="
                + rs.getLong(6)
                + " runs="
                + rs.getLong(7)
                + " failures="
                + rs.getLong(8));
      }
    }
    try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT project_id, kind, dim, day, bucket, users, bitmap FROM rollup_users"
                    + " ORDER BY project_id, kind, dim, day, bucket");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(
            "users "
                + rs.getLong(1)
                + " "
                + rs.getString(2)
                + " "
                + rs.getString(3)
                + " "
                + rs.getInt(4)
                + " "
                + rs.getString(5)
                + " n="
                + rs.getLong(6)
                + " "
                + Bitmaps.fromBytes(rs.getBytes(7)));
      }
    }
    return out;
  }
}
