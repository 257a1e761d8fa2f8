package dev.upkeep.server.releasehealth;

import dev.upkeep.server.ingest.UsageEvent;
import dev.upkeep.server.store.Bucket;
import dev.upkeep.server.store.Dimension;
import dev.upkeep.server.store.EventStore;
import dev.upkeep.server.store.Metric;
import dev.upkeep.server.store.Project;
import dev.upkeep.server.store.UsageAnswer;
import dev.upkeep.server.store.UsageQuestion;
import dev.upkeep.server.store.VersionErrorType;
import dev.upkeep.server.versions.MergedVersion;
import dev.upkeep.server.versions.ProjectVersions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a project's {@link ReleaseHealth} from the rollups: two usage views ({@link
 * EventStore#view}), one over the window (runs, failures and events per version and day, failures
 * per version and error type) and one over the active window (users per version), so the cost grows
 * with versions × days, not with events. Thread-safe.
 */
public final class HealthReader {
  private static final long MILLIS_PER_DAY = 86_400_000L;
  private static final String KIND = UsageEvent.BREADCRUMB;
  private static final UsageQuestion RUNS =
      new UsageQuestion(KIND, Metric.RUNS, Dimension.VERSION, true);
  private static final UsageQuestion FAILURES =
      new UsageQuestion(KIND, Metric.FAILURES, Dimension.VERSION, true);
  private static final UsageQuestion HITS =
      new UsageQuestion(KIND, Metric.HITS, Dimension.VERSION, true);
  private static final UsageQuestion ERRORS =
      new UsageQuestion(KIND, Metric.FAILURES, Dimension.VERSION_ERROR_TYPE, false);
  private static final UsageQuestion USERS =
      new UsageQuestion(KIND, Metric.USERS, Dimension.VERSION, false);
  private static final UsageQuestion DAILY_USERS =
      new UsageQuestion(KIND, Metric.USERS, Dimension.VERSION, true);
  private static final UsageQuestion USERS_BY_DAY =
      new UsageQuestion(KIND, Metric.USERS, Dimension.DAY, false);

  private final EventStore events;
  private final Clock clock;

  /** {@code clock} gives the window's end. */
  public HealthReader(EventStore events, Clock clock) {
    this.events = events;
    this.clock = clock;
  }

  /**
   * The health of the project's versions over the last {@code days} UTC days, today included.
   *
   * @param versions the project's versions, for their order and flags
   * @param days 1 to 366
   * @throws IllegalArgumentException naming {@code days} when it is out of range
   * @throws dev.upkeep.server.store.StoreException when the store failed
   */
  public ReleaseHealth read(Project project, ProjectVersions versions, int days) {
    return read(project.id(), project.name(), versions, days);
  }

  /**
   * As {@link #read(Project, ProjectVersions, int)}, for the project of that id and {@code
   * owner/name}.
   */
  public ReleaseHealth read(long projectId, String name, ProjectVersions versions, int days) {
    if (days < 1 || days > 366) {
      throw new IllegalArgumentException("days must be from 1 to 366, was " + days);
    }
    Instant to = clock.instant();
    long today = Math.floorDiv(to.toEpochMilli(), MILLIS_PER_DAY);
    Instant from = Instant.ofEpochMilli((today - days + 1) * MILLIS_PER_DAY);
    Instant activeFrom = to.minus(Duration.ofDays(ReleaseHealth.ACTIVE_DAYS)).plusMillis(1);
    Map<UsageQuestion, UsageAnswer> a = new HashMap<>();
    events.view(
        projectId,
        from,
        to,
        List.of(RUNS, FAILURES, HITS, ERRORS, DAILY_USERS, USERS_BY_DAY),
        a::put);
    events.view(projectId, activeFrom, to, List.of(USERS), a::put);
    long activeUsers = a.get(USERS).total();

    Map<String, Bucket> runs = byKey(a.get(RUNS));
    Map<String, Bucket> failures = byKey(a.get(FAILURES));
    Map<String, Bucket> hits = byKey(a.get(HITS));
    Map<String, Bucket> users = byKey(a.get(USERS));
    Map<String, Bucket> dailyUsers = byKey(a.get(DAILY_USERS));
    List<Bucket> usersByDay = a.get(USERS_BY_DAY).buckets();
    Map<String, List<VersionHealth.ErrorCount>> errors = errorTypes(a.get(ERRORS));

    Comparator<String> order =
        versions.scheme().order().thenComparing(Comparator.<String>naturalOrder());
    TreeSet<String> seen = new TreeSet<>(order);
    seen.addAll(hits.keySet());
    seen.addAll(users.keySet());

    List<VersionHealth> out = new ArrayList<>(seen.size());
    Set<String> earlierErrors = new HashSet<>();
    String previous = null;
    FailureRate previousRate = null;
    long flaggedUsers = 0;
    for (String v : seen) {
      FailureRate rate = rate(failures.get(v), runs.get(v));
      List<VersionHealth.ErrorCount> types = errors.getOrDefault(v, List.of());
      List<VersionHealth.ErrorCount> fresh =
          types.stream().filter(t -> !earlierErrors.contains(t.type())).toList();
      long u = users.containsKey(v) ? users.get(v).count() : 0;
      LocalDate first = firstSeen(hits.get(v));
      Optional<MergedVersion> merged = versions.find(v).filter(MergedVersion::flagged);
      if (merged.isPresent()) {
        flaggedUsers += u;
      }
      out.add(
          new VersionHealth(
              v,
              rate,
              previous,
              previousRate,
              previousRate == null ? null : ReleaseHealth.JUDGE.judge(previousRate, rate),
              types,
              fresh,
              u,
              activeUsers == 0 ? 0 : (double) u / activeUsers,
              first,
              firstWeek(first, dailyUsers.get(v), usersByDay),
              merged.isPresent(),
              merged.map(MergedVersion::reason).orElse(null),
              days(failures.get(v), runs.get(v))));
      types.forEach(t -> earlierErrors.add(t.type()));
      if (rate.runs() > 0 && !versions.scheme().isPreRelease(v)) {
        previous = v;
        previousRate = rate;
      }
    }
    return new ReleaseHealth(
        name, from, to, activeFrom, activeUsers, Math.min(flaggedUsers, activeUsers), out);
  }

  private static Map<String, Bucket> byKey(UsageAnswer answer) {
    Map<String, Bucket> out = new LinkedHashMap<>();
    for (Bucket b : answer.buckets()) {
      out.put(b.key(), b);
    }
    return out;
  }

  /** Per version, its error types with their failed runs, most first (then by name). */
  private static Map<String, List<VersionHealth.ErrorCount>> errorTypes(UsageAnswer answer) {
    Map<String, List<VersionHealth.ErrorCount>> out = new HashMap<>();
    for (Bucket b : answer.buckets()) {
      if (b.count() == 0) {
        continue;
      }
      VersionErrorType key = VersionErrorType.parse(b.key());
      out.computeIfAbsent(key.version(), v -> new ArrayList<>())
          .add(new VersionHealth.ErrorCount(key.errorType(), b.count()));
    }
    Comparator<VersionHealth.ErrorCount> most =
        Comparator.comparingLong(VersionHealth.ErrorCount::failures)
            .reversed()
            .thenComparing(VersionHealth.ErrorCount::type);
    out.values().forEach(l -> l.sort(most));
    return out;
  }

  private static FailureRate rate(Bucket failures, Bucket runs) {
    long r = runs == null ? 0 : runs.count();
    long f = failures == null ? 0 : failures.count();
    return new FailureRate(Math.min(f, r), r);
  }

  private static LocalDate firstSeen(Bucket hits) {
    if (hits != null) {
      for (Bucket day : hits.series()) {
        if (day.count() > 0) {
          return LocalDate.parse(day.key());
        }
      }
    }
    return null;
  }

  /**
   * The version's share of the day's users on the seventh day from its first: null when the window
   * does not reach that day, or begins on its first day (it may be older).
   */
  private static Double firstWeek(LocalDate first, Bucket versionUsers, List<Bucket> usersByDay) {
    if (first == null || versionUsers == null || usersByDay.isEmpty()) {
      return null;
    }
    LocalDate start = LocalDate.parse(usersByDay.get(0).key());
    int i = (int) (first.toEpochDay() - start.toEpochDay()) + ReleaseHealth.ACTIVE_DAYS - 1;
    if (!first.isAfter(start) || i >= usersByDay.size() || usersByDay.get(i).count() == 0) {
      return null;
    }
    return (double) versionUsers.series().get(i).count() / usersByDay.get(i).count();
  }

  private static List<VersionHealth.Day> days(Bucket failures, Bucket runs) {
    if (runs == null) {
      return List.of();
    }
    List<VersionHealth.Day> out = new ArrayList<>(runs.series().size());
    for (int i = 0; i < runs.series().size(); i++) {
      Bucket r = runs.series().get(i);
      long f = failures == null ? 0 : failures.series().get(i).count();
      out.add(new VersionHealth.Day(LocalDate.parse(r.key()), new FailureRate(f, r.count())));
    }
    return out;
  }
}
