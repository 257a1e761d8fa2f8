package dev.upkeep.server.versions.sources;

import dev.upkeep.server.store.SourceSnapshot;
import dev.upkeep.server.store.VersionSourceRecord;
import dev.upkeep.server.store.VersionSourceStore;
import dev.upkeep.server.threads.DaemonThreads;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The release sources of every project, each cached with a TTL and stale-while-revalidate (see
 * {@link SourceEntry}): {@link #views} answers at once from what is cached, starting background
 * refreshes of sources whose TTL has passed, and waits only for a source's first-ever fetch, at
 * most {@link SourceSettings#firstFetchWait()}. A failing source never fails a call: its last good
 * snapshot is served with the reason. Last good snapshots are saved in the store and read back
 * after a restart, and by the other collectors of a shared store: {@link #refresh} (called for a
 * change another collector made) re-reads a project's sources and takes their saved snapshots when
 * they are newer, and a source is fetched once per TTL by all collectors together (see {@link
 * SourceEntry}). Fetches run on a small pool of daemon threads ({@value #THREADS}) that {@link
 * #close()} stops. Thread-safe.
 */
public final class VersionSources implements AutoCloseable {
  /** Threads fetching sources: {@value}. */
  static final int THREADS = 4;

  private final VersionSourceStore store;
  private final SourceSettings settings;
  private final Clock clock;
  private final ExecutorService executor;
  private final SourceFactory factory;
  private final ConcurrentHashMap<Long, List<SourceEntry>> byProject = new ConcurrentHashMap<>();

  VersionSources(
      VersionSourceStore store, SourceSettings settings, Clock clock, ExecutorService executor) {
    this.store = store;
    this.settings = settings;
    this.clock = clock;
    this.executor = executor;
    this.factory = new SourceFactory(settings, new SourceHttp(settings.timeout(), clock));
  }

  /** Sources over a store, fetching on their own daemon threads; nothing is fetched yet. */
  public static VersionSources create(
      VersionSourceStore store, SourceSettings settings, Clock clock) {
    ExecutorService pool =
        Executors.newFixedThreadPool(THREADS, DaemonThreads.numbered("upkeep-version-source-"));
    return new VersionSources(store, settings, clock, pool);
  }

  /** The settings the sources run with. */
  public SourceSettings settings() {
    return settings;
  }

  /**
   * The project's sources in their order ({@link SourceKind}), as they are now; refreshes those
   * whose TTL has passed in the background, and waits at most {@link
   * SourceSettings#firstFetchWait()} for sources that were never fetched.
   */
  public List<SourceView> views(long projectId) {
    List<SourceEntry> entries = entries(projectId);
    List<CompletableFuture<Void>> first = new ArrayList<>();
    for (SourceEntry e : entries) {
      CompletableFuture<Void> f = e.refreshIfDue();
      if (!e.hasSnapshot() && !f.isDone()) {
        first.add(f);
      }
    }
    if (!first.isEmpty() && !settings.firstFetchWait().isZero()) {
      try {
        CompletableFuture.allOf(first.toArray(CompletableFuture[]::new))
            .get(settings.firstFetchWait().toNanos(), TimeUnit.NANOSECONDS);
      } catch (TimeoutException | ExecutionException e) {
        // answer with what is at hand; the fetch goes on in the background
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return entries.stream()
        .map(SourceEntry::view)
        .sorted(Comparator.comparing(SourceView::kind))
        .toList();
  }

  /** Whether the project has a source of that kind configured. */
  public boolean has(long projectId, SourceKind kind) {
    return entries(projectId).stream().anyMatch(e -> e.record().kind().equals(kind.id()));
  }

  /**
   * Configures a source for a project; it is first fetched by the next check.
   *
   * @param kind {@code maven} or {@code github}
   * @param reference {@code groupId:artifactId} or {@code owner/repo}
   * @param repositoryUrl a Maven source's own repository base URL, or null for {@code
   *     maven-repository-url}
   * @return the new source, or empty if the project already has a source of that kind
   * @throws IllegalArgumentException naming what is wrong
   */
  public Optional<VersionSourceRecord> add(
      long projectId, String kind, String reference, String repositoryUrl) {
    SourceKind k = SourceKind.of(kind);
    String url = factory.validate(k, reference, repositoryUrl);
    Optional<VersionSourceRecord> added =
        store.add(projectId, k.id(), reference, url, clock.instant());
    reload(projectId);
    return added;
  }

  /**
   * Removes a project's source of that kind and its snapshot.
   *
   * @return false if there is none
   * @throws IllegalArgumentException if the kind is unknown
   */
  public boolean remove(long projectId, String kind) {
    boolean removed = store.remove(projectId, SourceKind.of(kind).id());
    reload(projectId);
    return removed;
  }

  /**
   * Brings a project's sources in step with the store after another collector changed them:
   * re-reads the list (a source added or removed) and takes each source's saved snapshot when it is
   * newer than the one in memory. Nothing is read for a project whose sources were never asked for.
   *
   * @throws dev.upkeep.server.store.StoreException when the store cannot answer
   */
  public void refresh(long projectId) {
    byProject.computeIfPresent(
        projectId,
        (p, old) -> {
          List<SourceEntry> now = load(p, old);
          for (SourceEntry e : now) {
            if (old.contains(e)) {
              e.adopt(store.snapshot(e.record().id()).orElse(null));
            }
          }
          return now;
        });
  }

  /** Stops fetching; fetches under way are interrupted. Idempotent. */
  @Override
  public void close() {
    executor.shutdownNow();
  }

  private List<SourceEntry> entries(long projectId) {
    List<SourceEntry> cached = byProject.get(projectId);
    return cached != null ? cached : byProject.computeIfAbsent(projectId, p -> load(p, List.of()));
  }

  /** Reloads a project's source list, keeping the cache of every source still configured. */
  private void reload(long projectId) {
    byProject.compute(projectId, (p, old) -> load(p, old == null ? List.of() : old));
  }

  private List<SourceEntry> load(long projectId, List<SourceEntry> keep) {
    Map<Long, SourceEntry> kept = new HashMap<>();
    keep.forEach(e -> kept.put(e.record().id(), e));
    List<SourceEntry> out = new ArrayList<>();
    for (VersionSourceRecord r : store.list(projectId)) {
      SourceEntry e = kept.get(r.id());
      out.add(e != null ? e : entry(r));
    }
    return List.copyOf(out);
  }

  private SourceEntry entry(VersionSourceRecord r) {
    SourceSnapshot saved = store.snapshot(r.id()).orElse(null);
    VersionSource source = null;
    String unavailable = null;
    try {
      source = factory.create(r);
    } catch (IllegalArgumentException e) {
      unavailable = e.getMessage();
    }
    return new SourceEntry(r, source, unavailable, saved, store, settings, clock, executor);
  }
}
