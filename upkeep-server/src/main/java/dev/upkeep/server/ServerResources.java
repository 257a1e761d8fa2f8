package dev.upkeep.server;

import dev.upkeep.server.audit.AuditLog;
import dev.upkeep.server.blobs.BlobStore;
import dev.upkeep.server.changes.ChangeWatcher;
import dev.upkeep.server.limits.LimitStore;
import dev.upkeep.server.limits.LimitStores;
import dev.upkeep.server.store.Store;
import dev.upkeep.server.store.jdbc.JdbcStores;
import dev.upkeep.server.versions.sources.VersionSources;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What the collector opens before it is wired, each closed when the collector closes: the store
 * (migrated), the release sources, the follower of a shared database's changes, the audit log, the
 * limit store and the blob store. Opening is the collector's I/O at start; if any step fails, what
 * was opened before it is closed, latest first, and the failure is thrown. Not thread-safe: {@link
 * UpkeepServer} closes it once.
 */
record ServerResources(
    Store store,
    VersionSources sources,
    ChangeWatcher changes,
    AuditLog audit,
    LimitStore limits,
    BlobStore blobs) {

  /**
   * Opens everything {@code config} names, in order.
   *
   * @throws RuntimeException the first step's failure, after closing what was opened before it
   */
  static ServerResources open(
      ServerConfig config, Clock clock, VersionSourcesFactory sourcesFactory, Runnable storeOpen) {
    Deque<AutoCloseable> opened = new ArrayDeque<>();
    try {
      Store store = push(opened, JdbcStores.open(config.store(), clock));
      storeOpen.run();
      VersionSources sources =
          push(
              opened,
              sourcesFactory.create(store.versionSources(), config.versionSources(), clock));
      // SQLite is opened by one process at a time: only a shared database needs its changes
      // followed
      ChangeWatcher changes =
          push(
              opened,
              config.databaseUrl() == null
                  ? ChangeWatcher.off()
                  : ChangeWatcher.create(store.changes()));
      AuditLog audit =
          push(opened, config.auditLog().map(f -> AuditLog.open(f, clock)).orElse(AuditLog.off()));
      // The limits: shared by every collector on the store named by rate-limit-store, under keys
      // hashed with a secret they share (no client address is ever stored).
      LimitStore limits =
          push(
              opened,
              config.rateLimitEnabled()
                  ? LimitStores.open(config.rateLimitStore(), config.databaseUrl(), clock)
                  : LimitStore.memory(clock));
      BlobStore blobs =
          push(
              opened,
              config.blobStore().open(config.dataDir().resolve("blobs"), config.maxBlobSize()));
      return new ServerResources(store, sources, changes, audit, limits, blobs);
    } catch (RuntimeException e) {
      closeLatestFirst(opened, e);
      throw e;
    }
  }

  /** Closes everything, the store after what uses it and the audit log last. */
  void close() {
    changes.close();
    limits.close();
    sources.close();
    blobs.close();
    store.close();
    audit.close();
  }

  private static <T extends AutoCloseable> T push(Deque<AutoCloseable> opened, T resource) {
    opened.push(resource);
    return resource;
  }

  private static void closeLatestFirst(Deque<AutoCloseable> opened, RuntimeException failure) {
    while (!opened.isEmpty()) {
      try {
        opened.pop().close();
      } catch (Exception e) {
        failure.addSuppressed(e);
      }
    }
  }
}
