package dev.upkeep.server.store.jdbc;

import dev.upkeep.server.store.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Moves a collector's store from its embedded SQLite file into PostgreSQL: what {@code upkeep store
 * migrate} runs.
 *
 * <p>{@link #run} opens the source read-only (its collector must be stopped: the copy is of one
 * snapshot, and rows written after it would be missing), migrates the target's schema with the
 * store's own Flyway migrations, creates the month partitions of {@code events} the source needs,
 * then copies every table of {@link MigrationTables} in that order, in primary-key order, in chunks
 * committed with their progress in the target's {@link MigrationLedger}. A run that stops at any
 * point (a crash, SIGKILL, a lost connection) is resumed by running it again; the ledger's
 * fingerprint of the source refuses to resume from a source that changed meanwhile. Then it moves
 * the identity sequences past the copied ids and {@link #verify verifies}. A target that holds rows
 * and no migration of this source is refused, as is a source table the migration does not know.
 *
 * <pre>{@code
 * MigrationResult r = StoreMigration.builder(Path.of("data"), "jdbc:postgresql://db/upkeep?user=u")
 *     .build()
 *     .run();
 * if (!r.ok()) System.err.println("differs: " + r.verification().get().differing());
 * }</pre>
 *
 * <p>Immutable; one run at a time per target schema (a second is refused while the first holds the
 * target's lock).
 */
public final class StoreMigration {
  private final Path sourcePath;
  private final String targetUrl;
  private final DatabaseSettings database;
  private final int chunkRows;
  private final MigrationListener listener;
  private final Clock clock;

  StoreMigration(StoreMigrationBuilder b) {
    this.sourcePath = b.source;
    this.targetUrl = b.targetUrl;
    this.database = b.database;
    this.chunkRows = b.chunkRows;
    this.listener = b.listener;
    this.clock = b.clock;
  }

  /**
   * A migration from {@code source}, a SQLite data directory (holding {@code upkeep.db}) or the
   * {@code upkeep.db} file, to {@code targetUrl}.
   *
   * @throws IllegalArgumentException when {@code targetUrl} is not a {@code jdbc:postgresql:} URL
   */
  public static StoreMigrationBuilder builder(Path source, String targetUrl) {
    return new StoreMigrationBuilder(source, targetUrl);
  }

  /** The source as the store names it: {@code sqlite:} and the absolute file. */
  public String source() {
    Path file =
        Files.isDirectory(sourcePath) ? sourcePath.resolve(JdbcStores.SQLITE_FILE) : sourcePath;
    return "sqlite:" + file.toAbsolutePath().normalize();
  }

  /** The target as the store names it: {@code postgres:} and the URL without its query string. */
  public String target() {
    return MigrationTarget.describe(targetUrl);
  }

  /**
   * Copies what is left to copy, then verifies; does nothing when the ledger says the copy is
   * complete ({@link MigrationResult.Outcome#ALREADY_COMPLETE}).
   *
   * @throws StoreException when the migration cannot run or stops (the message says why and what to
   *     do); what was committed stays and a new run resumes from there
   */
  public MigrationResult run() {
    try (MigrationSource source = MigrationSource.open(sourcePath)) {
      source.requireCurrentSchema();
      List<MigrationTables.Table> plan = MigrationTables.plan(source.tables());
      try (MigrationTarget target = MigrationTarget.connect(targetUrl)) {
        MigrationLedger ledger = new MigrationLedger(target);
        Optional<MigrationLedger.State> state = ledger.read();
        if (state.isPresent() && state.get().copiedAt().isPresent()) {
          return MigrationResult.alreadyComplete(state.get().copiedAt().get());
        }
        Map<String, Long> counts = counts(source, plan);
        Map<String, String> fingerprint = source.fingerprint(counts);
        boolean resumed = state.isPresent();
        Instant begunAt;
        if (resumed) {
          requireSameSource(state.get(), fingerprint, target);
          begunAt = state.get().startedAt();
        } else {
          requireEmpty(target, plan);
          // the store's own schema migrations
          JdbcStores.open(StoreSettings.postgres(targetUrl).withDatabase(database).forMaintenance())
              .close();
          begunAt = now();
          ledger.begin(source.describe(), fingerprint, names(plan), begunAt);
        }
        listener.begun(begunAt, resumed);
        return copy(source, target, ledger, plan, counts, resumed);
      }
    } catch (SQLException e) {
      throw new StoreException(
          "migrating "
              + source()
              + " to "
              + target()
              + " stopped: "
              + e.getMessage()
              + "; what was copied is kept: run the same command again to resume",
          e);
    }
  }

  /**
   * Compares source and target table by table (rows and checksums) without copying; records the
   * result in the ledger when the copy is complete.
   *
   * @throws StoreException when either side cannot be read, or the target has no store schema
   */
  public MigrationResult verify() {
    try (MigrationSource source = MigrationSource.open(sourcePath)) {
      source.requireCurrentSchema();
      List<MigrationTables.Table> plan = MigrationTables.plan(source.tables());
      try (MigrationTarget target = MigrationTarget.connect(targetUrl)) {
        MigrationLedger ledger = new MigrationLedger(target);
        Optional<Instant> copiedAt = ledger.read().flatMap(MigrationLedger.State::copiedAt);
        List<MigrationLayout> layouts = layouts(source, target, plan);
        Verification v = verify(source, target, layouts, counts(source, plan));
        if (copiedAt.isPresent()) {
          ledger.verified(v.matches() ? now() : null);
        }
        return MigrationResult.verified(copiedAt, v);
      }
    } catch (SQLException e) {
      throw new StoreException(
          "verifying " + target() + " against " + source() + " failed: " + e.getMessage(), e);
    }
  }

  private MigrationResult copy(
      MigrationSource source,
      MigrationTarget target,
      MigrationLedger ledger,
      List<MigrationTables.Table> plan,
      Map<String, Long> counts,
      boolean resumed)
      throws SQLException {
    long started = System.nanoTime();
    List<MigrationLayout> layouts = layouts(source, target, plan);
    Map<String, MigrationLedger.Progress> progress = ledger.progress();
    long total = counts.values().stream().mapToLong(Long::longValue).sum();
    long done = 0;
    for (MigrationTables.Table t : plan) {
      done += progress.get(t.name()).rows();
    }
    listener.started(MigrationListener.Phase.COPY, total, done);
    MigrationLedger.Progress events = progress.get(MigrationTables.EVENTS);
    if (events != null && !events.done()) {
      EventPartitions partitions = new EventPartitions(clock);
      partitions.open(target.connection());
      partitions.createMonths(target.connection(), source.eventMonths());
    }
    MigrationCopy copy =
        new MigrationCopy(source, target.connection(), ledger, chunkRows, listener);
    long copied = 0;
    for (int i = 0; i < plan.size(); i++) {
      MigrationTables.Table t = plan.get(i);
      MigrationLedger.Progress p = progress.get(t.name());
      if (!p.done()) {
        copied += copy.copy(layouts.get(i), p, t.policy() == MigrationTables.Policy.REPLACE);
      }
    }
    for (MigrationLayout l : layouts) {
      target.advanceSequences(l.table(), l.columns());
    }
    Instant copiedAt = now();
    ledger.copied(copiedAt);
    listener.finished(MigrationListener.Phase.COPY);
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    Verification v = verify(source, target, layouts, counts);
    ledger.verified(v.matches() ? now() : null);
    return MigrationResult.copied(resumed, copied, took, copiedAt, v);
  }

  private Verification verify(
      MigrationSource source,
      MigrationTarget target,
      List<MigrationLayout> layouts,
      Map<String, Long> counts)
      throws SQLException {
    listener.started(
        MigrationListener.Phase.VERIFY,
        counts.values().stream().mapToLong(Long::longValue).sum(),
        0);
    List<TableCheck> checks = new MigrationVerify(source, targetUrl, listener).compare(layouts);
    List<String> behind = new ArrayList<>();
    for (MigrationLayout l : layouts) {
      behind.addAll(target.sequencesBehind(l.table(), l.columns()));
    }
    listener.finished(MigrationListener.Phase.VERIFY);
    return new Verification(checks, behind);
  }

  /** The clock's instant to the millisecond, as the ledger keeps it. */
  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  private static Map<String, Long> counts(MigrationSource source, List<MigrationTables.Table> plan)
      throws SQLException {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (MigrationTables.Table t : plan) {
      counts.put(t.name(), source.count(t.name()));
    }
    return counts;
  }

  private static List<MigrationLayout> layouts(
      MigrationSource source, MigrationTarget target, List<MigrationTables.Table> plan)
      throws SQLException {
    List<MigrationLayout> layouts = new ArrayList<>(plan.size());
    for (MigrationTables.Table t : plan) {
      layouts.add(MigrationLayout.of(source, target, t.name()));
    }
    return layouts;
  }

  private static List<String> names(List<MigrationTables.Table> plan) {
    return plan.stream().map(MigrationTables.Table::name).toList();
  }

  /** Refuses a target that holds rows of the store while no migration was begun there. */
  private static void requireEmpty(MigrationTarget target, List<MigrationTables.Table> plan)
      throws SQLException {
    List<String> tables = new ArrayList<>();
    for (MigrationTables.Table t : plan) {
      if (t.policy() == MigrationTables.Policy.COPY) {
        tables.add(t.name());
      }
    }
    tables.add(MigrationTables.EVENT_IDS);
    List<String> full = target.withRows(tables);
    if (!full.isEmpty()) {
      throw new StoreException(
          target.describe()
              + " already holds data ("
              + String.join(", ", full)
              + ") and no migration was begun there; migrate into an empty database or schema"
              + " (a collector started on PostgreSQL writes its master token at once: start"
              + " collectors on it only after the migration)",
          null);
    }
  }

  /** Refuses to resume from a source that is not the one the ledger's migration began with. */
  private static void requireSameSource(
      MigrationLedger.State state, Map<String, String> now, MigrationTarget target) {
    Map<String, String> then = state.fingerprint();
    if (then.equals(now)) {
      return;
    }
    List<String> changes = new ArrayList<>();
    for (Map.Entry<String, String> e : now.entrySet()) {
      String before = then.get(e.getKey());
      if (!e.getValue().equals(before)) {
        changes.add(
            e.getKey()
                + ": "
                + (before == null ? "absent" : before)
                + " then, "
                + e.getValue()
                + " now");
      }
    }
    for (String gone : then.keySet()) {
      if (!now.containsKey(gone)) {
        changes.add(gone + ": " + then.get(gone) + " then, absent now");
      }
    }
    throw new StoreException(
        target.describe()
            + " holds an incomplete migration begun at "
            + state.startedAt()
            + " from "
            + state.source()
            + ", and the source is not the same any more ("
            + String.join("; ", changes)
            + "): a collector wrote to it, or it is another store. Stop every collector on the"
            + " source and start over: drop the target's tables (or use a new database or schema)"
            + " and run the command again",
        null);
  }
}
