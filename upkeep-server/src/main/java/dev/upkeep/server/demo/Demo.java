package dev.upkeep.server.demo;

import dev.upkeep.server.store.Project;
import dev.upkeep.server.store.ProjectStore;
import dev.upkeep.server.store.Store;
import dev.upkeep.server.store.StoreException;
import dev.upkeep.server.threads.DaemonThreads;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import java.util.function.LongConsumer;

/**
 * Fills an empty store with synthetic but realistic usage, for demos, tests and benchmarks: what
 * {@code upkeep demo} runs.
 *
 * <p>The data: {@link Builder#projects projects} with power-law sizes (a few big ones, a long tail;
 * {@code owner/name} names), registered in the store with their release histories (versions every
 * few weeks, some flagged with a reason and a replacement). Users come in cohorts and churn
 * (one-off tries, weeks, months), take new releases after a personal lag (some never upgrade), run
 * on Linux, macOS or Windows, in containers or not, with Python or Java versions that shift over
 * time; a share are CI runners with their own platform and container mix, a few are developers on
 * unreleased versions. Runs are tracked runs (start {@code R} and end {@code C}, {@code F} with a
 * Python or Java exception name and message, or {@code S} with a signal), single breadcrumbs, or
 * usagestats reports. Daily volumes follow each project's trend with weekly seasonality, a holiday
 * dip and noise; times of day follow the users' time zones.
 *
 * <p>Deterministic: the same settings (seed, events, projects, days and end) give the same events,
 * whatever the store. Events go through {@link Store#events()} in transactions of {@link
 * Builder#batchSize} events, as the ingest pipeline writes them (so everything the store keeps for
 * its events, such as rollups, is kept for these), while the next batch is generated on another
 * thread.
 *
 * <pre>{@code
 * Demo.Summary s = Demo.builder().events(1_000_000).seed(7).build().fill(store, n -> {});
 * }</pre>
 *
 * <p>One {@link #fill} at a time per instance; instances are immutable.
 */
public final class Demo {
  /** Default number of projects: {@value}. */
  public static final int DEFAULT_PROJECTS = 50;

  /** Default seed: {@value}. */
  public static final long DEFAULT_SEED = 42;

  /** Default number of days: {@value}. */
  public static final int DEFAULT_DAYS = 365;

  /** Default events per store transaction: {@value}. */
  public static final int DEFAULT_BATCH_SIZE = 20_000;

  /** Batches generated ahead of the store: {@value}. */
  private static final int QUEUE = 3;

  private final long events;
  private final int projects;
  private final long seed;
  private final int days;
  private final Instant end;
  private final int batchSize;
  private final Executor executor;
  private final Clock clock;

  private Demo(Builder b, Instant end) {
    this.events = b.events;
    this.projects = b.projects;
    this.seed = b.seed;
    this.days = b.days;
    this.end = end;
    this.batchSize = b.batchSize;
    this.executor = b.executor;
    this.clock = b.clock;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The first instant after the data: the end given, or the build time to the minute. */
  public Instant end() {
    return end;
  }

  /**
   * Registers the projects and their versions, then writes every event, and sums the months that
   * are over by the clock's now ({@link dev.upkeep.server.store.EventStore#rollUpPast}), as a
   * running collector would have.
   *
   * @param progress called on this thread after each committed batch with the events written so far
   * @return what was written
   * @throws IllegalStateException if the store already holds projects or events
   * @throws StoreException if the store fails (the events committed so far stay)
   */
  public Summary fill(Store store, LongConsumer progress) {
    long existing = store.events().total();
    int registered = store.projects().list().size();
    if (existing > 0 || registered > 0) {
      throw new IllegalStateException(
          store.describe()
              + " already holds "
              + registered
              + " projects and "
              + existing
              + " events; the demo fills an empty store: give it a new data directory or an empty database");
    }
    Range range = Range.ending(end, days);
    List<ProjectPlan> plans = Plans.draw(seed, events, projects, range);
    List<ProjectDays> streams = new ArrayList<>(plans.size());
    int versions = 0;
    int flagged = 0;
    for (ProjectPlan plan : plans) {
      long id = register(store.projects(), plan);
      versions += plan.releases().size();
      flagged += (int) plan.releases().all().stream().filter(Release::flagged).count();
      streams.add(new ProjectDays(plan, id, range, seed));
    }
    long written;
    try {
      written =
          Pipe.run(
              executor, new Generator(streams, days, batchSize), store.events(), QUEUE, progress);
    } catch (StoreException | IllegalStateException e) {
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while writing demo events to " + store.describe(), e);
    } catch (Exception e) {
      throw new StoreException(
          "writing demo events to " + store.describe() + " failed: " + e.getMessage(), e);
    }
    store.events().rollUpPast(clock.instant());
    long users = streams.stream().mapToLong(ProjectDays::users).sum();
    List<ProjectSummary> top =
        streams.stream()
            .sorted(Comparator.comparingLong((ProjectDays p) -> -p.emitted()))
            .limit(5)
            .map(p -> new ProjectSummary(p.plan().name(), p.emitted(), p.users()))
            .toList();
    return new Summary(
        plans.size(), users, written, days, range.first(), end, versions, flagged, top);
  }

  private static long register(ProjectStore store, ProjectPlan plan) {
    Project p =
        store
            .register(plan.name())
            .orElseThrow(
                () -> new IllegalStateException("project " + plan.name() + " already exists"));
    for (Release r : plan.releases().all()) {
      store.addVersion(p.id(), r.version());
    }
    for (Release r : plan.releases().all()) {
      if (r.flagged()) {
        store.flag(p.id(), r.version(), r.flagReason(), r.replacement());
      }
    }
    return p.id();
  }

  /**
   * What {@link #fill} wrote.
   *
   * @param projects projects registered
   * @param users users that sent at least one event (counted per project)
   * @param events events written
   * @param days days covered
   * @param firstDay the first day (UTC)
   * @param end the first instant after the data
   * @param versions versions registered
   * @param flaggedVersions versions flagged
   * @param biggest the five biggest projects, biggest first
   */
  public record Summary(
      int projects,
      long users,
      long events,
      int days,
      LocalDate firstDay,
      Instant end,
      int versions,
      int flaggedVersions,
      List<ProjectSummary> biggest) {}

  /**
   * One project of a {@link Summary}.
   *
   * @param name {@code owner/name}
   * @param events its events
   * @param users its users that sent at least one event
   */
  public record ProjectSummary(String name, long events, long users) {}

  /** Settings of a demo; {@link #events} is required. Not thread-safe. */
  public static final class Builder {
    private static final ThreadFactory GENERATOR = DaemonThreads.named("upkeep-demo-generator");

    private long events = -1;
    private int projects = DEFAULT_PROJECTS;
    private long seed = DEFAULT_SEED;
    private int days = DEFAULT_DAYS;
    private Instant end;
    private int batchSize = DEFAULT_BATCH_SIZE;
    private Clock clock = Clock.systemUTC();
    private Executor executor = r -> GENERATOR.newThread(r).start();

    private Builder() {}

    /** Events to write in total; at least {@link #projects}. Required. */
    public Builder events(long events) {
      this.events = events;
      return this;
    }

    /** Projects, 1 to 100,000; default {@value #DEFAULT_PROJECTS}. */
    public Builder projects(int projects) {
      this.projects = projects;
      return this;
    }

    /** Seed of every random draw; default {@value #DEFAULT_SEED}. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** UTC days covered, 1 to 3,650; default {@value #DEFAULT_DAYS}. */
    public Builder days(int days) {
      this.days = days;
      return this;
    }

    /**
     * The first instant after the data (its last day ends there); default: the clock's now,
     * truncated to the minute. Give it to make a demo reproducible on another day.
     */
    public Builder end(Instant end) {
      this.end = end;
      return this;
    }

    /** Events per store transaction, 1 to 1,000,000; default {@value #DEFAULT_BATCH_SIZE}. */
    public Builder batchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    /** The clock that gives the default {@link #end}; default the system's, UTC. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Runs the generator; default a new daemon thread {@code upkeep-demo-generator} per fill. */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * The demo.
     *
     * @throws IllegalArgumentException naming every setting out of range, in one message
     */
    public Demo build() {
      List<String> problems = new ArrayList<>();
      if (projects < 1 || projects > 100_000) {
        problems.add("projects must be 1 to 100000, was " + projects);
      }
      if (events < 0) {
        problems.add("events must be given and not negative, was " + events);
      } else if (events < projects) {
        problems.add(
            "events must be at least projects (" + projects + ": one each), was " + events);
      }
      if (days < 1 || days > 3650) {
        problems.add("days must be 1 to 3650, was " + days);
      }
      if (batchSize < 1 || batchSize > 1_000_000) {
        problems.add("batchSize must be 1 to 1000000, was " + batchSize);
      }
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException(String.join("; ", problems));
      }
      return new Demo(this, end != null ? end : clock.instant().truncatedTo(ChronoUnit.MINUTES));
    }
  }
}
