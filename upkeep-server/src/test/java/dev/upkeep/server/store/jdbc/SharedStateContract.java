package dev.upkeep.server.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.upkeep.server.ingest.RunStatus;
import dev.upkeep.server.ingest.UsageEvent;
import dev.upkeep.server.store.Change;
import dev.upkeep.server.store.ChangeLog;
import dev.upkeep.server.store.ChangeTopic;
import dev.upkeep.server.store.SourceRelease;
import dev.upkeep.server.store.SourceSnapshot;
import dev.upkeep.server.store.Store;
import dev.upkeep.server.store.TokenRecord;
import dev.upkeep.server.store.TokenRecord.TokenKind;
import dev.upkeep.server.store.TokenStore;
import dev.upkeep.server.store.VersionSourceStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The part of the storage contract that several collectors on one database rely on (issue 15): the
 * master token inserted once, the {@link ChangeLog} of what collectors cache, and the claim of a
 * version source's fetch. Run against every backend by a subclass per backend ({@link
 * SqliteSharedStateIT}, {@link PostgresSharedStateIT}); every test gets a new, empty store.
 */
abstract class SharedStateContract {
  static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
  static final Duration TTL = Duration.ofMinutes(15);

  @TempDir Path tempDir;

  Store store;

  /** A new, empty, migrated store; closed by the contract after each test. */
  abstract Store newStore(Path tempDir) throws Exception;

  /** Called after the store of a test is closed, to remove what {@link #newStore} created. */
  void afterStoreClosed() throws Exception {}

  @BeforeEach
  void openStore() throws Exception {
    store = newStore(tempDir);
  }

  @AfterEach
  void closeStore() throws Exception {
    try {
      if (store != null) {
        store.close();
      }
    } finally {
      afterStoreClosed();
    }
  }

  @Test
  void aMasterTokenIsInsertedOnlyWhileNoUnrevokedOneExists() {
    TokenStore tokens = store.tokens();

    assertThat(tokens.insertMasterIfNone(master("m1"))).isTrue();
    assertThat(tokens.insertMasterIfNone(master("m2"))).isFalse();
    assertThat(tokens.findByHash("m2")).isEmpty();
    assertThat(tokens.findByHash("m1").orElseThrow().kind()).isEqualTo(TokenKind.MASTER);

    tokens.revoke("m1", T0.plusSeconds(1));
    assertThat(tokens.insertMasterIfNone(master("m3"))).isTrue();
    assertThat(tokens.hasMaster()).isTrue();
  }

  @Test
  void onlyAMasterTokenIsInsertedAsOne() {
    TokenRecord project = new TokenRecord("p", "m_p", TokenKind.PROJECT, null, null, T0, null);

    assertThatThrownBy(() -> store.tokens().insertMasterIfNone(project))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aNewStoreHasNoChanges() {
    assertThat(store.changes().head()).isZero();
    assertThat(store.changes().since(0)).isEmpty();
  }

  @Test
  void versionChangesAreRecordedPerProjectWithTheirNewestRevision() {
    long a = store.projects().register("acme/a").orElseThrow().id();
    long b = store.projects().register("acme/b").orElseThrow().id();
    ChangeLog log = store.changes();

    store.projects().addVersion(a, "1.0.0");
    store.projects().flag(a, "1.0.0", "broken");
    store.projects().addVersion(a, "1.0.0"); // already there: nothing changed
    store.projects().flag(a, "9.9.9", "unknown"); // not registered: nothing changed
    store.projects().addVersion(b, "2.0.0");

    assertThat(log.since(0))
        .containsExactly(
            new Change(ChangeTopic.VERSIONS, a, 2), new Change(ChangeTopic.VERSIONS, b, 3));
    assertThat(log.head()).isEqualTo(3);
    assertThat(log.since(2)).containsExactly(new Change(ChangeTopic.VERSIONS, b, 3));
    assertThat(log.since(3)).isEmpty();

    store.projects().unflag(a, "1.0.0");
    assertThat(log.since(3)).containsExactly(new Change(ChangeTopic.VERSIONS, a, 4));
  }

  @Test
  void changesOfAProjectsRowAreRecorded() {
    long a = store.projects().register("acme/a").orElseThrow().id();

    store.projects().setBadgeEnabled("acme/a", true);
    store.projects().setBadgeEnabled("acme/nobody", true);
    assertThat(store.changes().since(0)).containsExactly(new Change(ChangeTopic.PROJECT, a, 1));

    store.projects().setIngestKey("acme/a", "upk_ik_x");
    store.projects().setIngestKey("acme/nobody", "upk_ik_x");
    assertThat(store.changes().since(1)).containsExactly(new Change(ChangeTopic.PROJECT, a, 2));
  }

  @Test
  void forgettingAUserOrPruningRecordsAChangeOfUsersPerProjectTouched() throws Exception {
    long a = store.projects().register("acme/a").orElseThrow().id();
    long b = store.projects().register("acme/b").orElseThrow().id();
    store.projects().register("acme/c");
    store
        .events()
        .append(
            List.of(
                event("e1", a, "ann", T0), event("e2", b, "ann", T0), event("e3", b, "bob", T0)));

    assertThat(store.privacy().forget("carol", null).events()).isZero();
    assertThat(store.changes().since(0)).as("nothing removed, nothing changed").isEmpty();
    store.privacy().forget("ann", null);
    assertThat(store.changes().since(0))
        .containsExactly(new Change(ChangeTopic.USERS, a, 1), new Change(ChangeTopic.USERS, b, 2));

    store.privacy().prune(b, (int) (T0.getEpochSecond() / 86_400) + 1);
    assertThat(store.changes().since(2)).containsExactly(new Change(ChangeTopic.USERS, b, 3));
  }

  static UsageEvent event(String id, long project, String user, Instant at) {
    return UsageEvent.builder(project, UsageEvent.BREADCRUMB, at)
        .eventId(id)
        .version("1.0.0")
        .language("python")
        .languageVersion("3.12")
        .userId(user)
        .platform("linux")
        .status(RunStatus.C)
        .build();
  }

  @Test
  void changesOfVersionSourcesAndTheirSnapshotsAreRecorded() {
    long a = store.projects().register("acme/a").orElseThrow().id();
    VersionSourceStore sources = store.versionSources();
    ChangeLog log = store.changes();

    long id = sources.add(a, "github", "acme/a", null, T0).orElseThrow().id();
    assertThat(log.since(0)).containsExactly(new Change(ChangeTopic.VERSION_SOURCES, a, 1));
    assertThat(sources.add(a, "github", "acme/fork", null, T0)).isEmpty();
    assertThat(log.head()).isEqualTo(1);

    assertThat(sources.saveSnapshot(id, snapshot(T0))).isTrue();
    assertThat(log.since(1)).containsExactly(new Change(ChangeTopic.VERSION_SOURCES, a, 2));

    assertThat(sources.remove(a, "github")).isTrue();
    assertThat(sources.remove(a, "github")).isFalse();
    assertThat(sources.saveSnapshot(id, snapshot(T0))).isFalse();
    assertThat(log.since(2)).containsExactly(new Change(ChangeTopic.VERSION_SOURCES, a, 3));
    assertThat(log.head()).isEqualTo(3);
  }

  @Test
  void oneFetchOfASourceIsClaimedAtATime() {
    long a = store.projects().register("acme/a").orElseThrow().id();
    VersionSourceStore sources = store.versionSources();
    long id = sources.add(a, "github", "acme/a", null, T0).orElseThrow().id();
    Instant until = T0.plusSeconds(13);

    assertThat(sources.claimFetch(id, T0.minus(TTL), T0, until)).isEmpty();
    assertThat(sources.claimFetch(id, T0.minus(TTL), T0.plusSeconds(1), T0.plusSeconds(14)))
        .contains(until);
    // the claim ended without a snapshot (its holder died): the next one is granted
    assertThat(sources.claimFetch(id, until.minus(TTL), until, until.plusSeconds(13))).isEmpty();
  }

  @Test
  void aFreshSnapshotStandsInTheWayOfAClaimUntilItIsStale() {
    long a = store.projects().register("acme/a").orElseThrow().id();
    VersionSourceStore sources = store.versionSources();
    long id = sources.add(a, "github", "acme/a", null, T0).orElseThrow().id();
    sources.saveSnapshot(id, snapshot(T0));
    Instant soon = T0.plusSeconds(60);

    Optional<Instant> refused = sources.claimFetch(id, soon.minus(TTL), soon, soon.plusSeconds(13));
    assertThat(refused).isPresent();
    assertThat(refused.get()).isBeforeOrEqualTo(soon);

    Instant stale = T0.plus(TTL);
    assertThat(sources.claimFetch(id, stale.minus(TTL), stale, stale.plusSeconds(13))).isEmpty();
  }

  @Test
  void aHeldFetchIsRefusedUntilTheHoldEnds() {
    long a = store.projects().register("acme/a").orElseThrow().id();
    VersionSourceStore sources = store.versionSources();
    long id = sources.add(a, "github", "acme/a", null, T0).orElseThrow().id();
    assertThat(sources.claimFetch(id, T0.minus(TTL), T0, T0.plusSeconds(13))).isEmpty();
    Instant retry = T0.plus(TTL);

    sources.holdFetch(id, retry);

    Instant later = T0.plusSeconds(600);
    assertThat(sources.claimFetch(id, later.minus(TTL), later, later.plusSeconds(13)))
        .contains(retry);
    assertThat(sources.claimFetch(id, retry.minus(TTL), retry, retry.plusSeconds(13))).isEmpty();
  }

  @Test
  void aClaimOfAGoneSourceIsRefused() {
    assertThat(store.versionSources().claimFetch(987_654, T0.minus(TTL), T0, T0.plusSeconds(1)))
        .hasValueSatisfying(t -> assertThat(t).isBeforeOrEqualTo(T0));
  }

  @Test
  void aReaderFollowingTheLogWhileCollectorsWriteMissesNoChange() throws Exception {
    int writers = 4;
    int changesEach = 40;
    List<Long> projects = new ArrayList<>();
    for (int i = 0; i < writers; i++) {
      projects.add(store.projects().register("acme/p" + i).orElseThrow().id());
    }
    ChangeLog log = store.changes();
    Map<Long, Long> seenByReader = new HashMap<>();
    AtomicBoolean writing = new AtomicBoolean(true);
    ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
    try {
      Future<?> reader =
          pool.submit(
              () -> {
                long seen = 0;
                boolean last = false;
                while (!last) {
                  last = !writing.get(); // one more read once every writer has committed
                  for (Change c : log.since(seen)) {
                    seenByReader.merge(c.projectId(), c.revision(), Math::max);
                    seen = Math.max(seen, c.revision());
                  }
                }
                return null;
              });
      List<Future<?>> done = new ArrayList<>();
      for (long p : projects) {
        done.add(
            pool.submit(
                () -> {
                  for (int v = 0; v < changesEach; v++) {
                    store.projects().addVersion(p, "1.0." + v);
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get(120, TimeUnit.SECONDS);
      }
      writing.set(false);
      reader.get(120, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }

    Map<Long, Long> truth = new HashMap<>();
    for (Change c : log.since(0)) {
      truth.put(c.projectId(), c.revision());
    }
    assertThat(log.head()).isEqualTo((long) writers * changesEach);
    assertThat(seenByReader).isEqualTo(truth);
  }

  static TokenRecord master(String hash) {
    return new TokenRecord(hash, "m_" + hash, TokenKind.MASTER, null, "first start", T0, null);
  }

  static SourceSnapshot snapshot(Instant fetchedAt) {
    return new SourceSnapshot(fetchedAt, List.of(new SourceRelease("1.0.0", false)), List.of());
  }
}
