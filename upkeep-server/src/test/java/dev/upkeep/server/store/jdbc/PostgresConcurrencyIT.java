package dev.upkeep.server.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upkeep.server.store.Store;
import dev.upkeep.server.testing.PostgresSchema;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The storage contract's concurrency group, on PostgreSQL: several store instances on one database,
 * as several collectors are (each its own pool and caches), and several threads on each, append
 * interleaved random streams to the same projects with overlapping users and each other's event
 * ids. Afterwards every count, unique-user answer and breakdown equals plain SQL over {@code
 * events}, the rollups equal a rebuild from the events, and no event id, user or ordinal is stored
 * twice.
 */
class PostgresConcurrencyIT {
  private static final int STORES = 3;
  private static final int THREADS_PER_STORE = 2;
  private static final int PROJECTS = 2;

  private PostgresSchema schema;
  private final List<Store> stores = new ArrayList<>();

  @BeforeEach
  void openStores() {
    schema = PostgresSchema.create();
    for (int i = 0; i < STORES; i++) {
      stores.add(JdbcStores.postgres(schema.url));
    }
  }

  @AfterEach
  void dropSchema() throws SQLException {
    stores.forEach(Store::close);
    if (schema != null) {
      schema.close();
    }
  }

  @Test
  void concurrentWritersOnSeveralStoresAreExact() throws Exception {
    long[] projects = new long[PROJECTS];
    for (int p = 0; p < PROJECTS; p++) {
      projects[p] = stores.get(0).projects().register("race/p" + p).orElseThrow().id();
    }
    List<String> sharedIds = new ArrayList<>();
    int writers = STORES * THREADS_PER_STORE;
    CyclicBarrier start = new CyclicBarrier(writers);
    ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
    List<Future<?>> done = new ArrayList<>();
    try (Connection sql = schema.open()) {
      try (Statement s = sql.createStatement()) {
        s.execute("UPDATE rollup_state SET hourly_min_events = " + StoreContract.HOURLY_MIN_EVENTS);
      }
      for (int w = 0; w < writers; w++) {
        Store store = stores.get(w % STORES);
        RollupProperty writer = new RollupProperty(store, sql, 31_000 + w, sharedIds);
        done.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int round = 0; round < 12; round++) {
                    for (long project : projects) {
                      writer.append(project, 40);
                    }
                  }
                  return null;
                }));
      }
      // months summed while the writers store late events into them
      AtomicBoolean writing = new AtomicBoolean(true);
      Future<Integer> sealer =
          pool.submit(
              () -> {
                int sealed = 0;
                while (writing.get()) {
                  sealed += stores.get(1 % STORES).events().rollUpPast(RollupProperty.NOW);
                }
                return sealed;
              });
      for (Future<?> f : done) {
        f.get(120, TimeUnit.SECONDS);
      }
      writing.set(false);
      assertThat(sealer.get(60, TimeUnit.SECONDS)).as("months summed meanwhile").isPositive();
      pool.shutdown();

      List<String> incremental = RollupProperty.rollups(sql);
      // every answer, through every store, equals plain SQL over the events
      for (int i = 0; i < STORES; i++) {
        RollupProperty check = new RollupProperty(stores.get(i), sql, 32_000 + i);
        for (long project : projects) {
          check.check(project, 40);
        }
      }
      assertThat(scalar(sql, "SELECT COUNT(*) FROM events")).isPositive();
      assertThat(
              scalar(
                  sql,
                  "SELECT COUNT(*) FROM (SELECT event_id FROM events WHERE event_id IS NOT NULL"
                      + " GROUP BY event_id HAVING COUNT(*) > 1) d"))
          .as("event ids stored twice")
          .isZero();
      assertThat(scalar(sql, "SELECT COUNT(*) FROM event_ids"))
          .isEqualTo(
              scalar(
                  sql, "SELECT COUNT(DISTINCT event_id) FROM events WHERE event_id IS NOT NULL"));
      assertThat(
              scalar(
                  sql,
                  "SELECT COUNT(*) FROM events e WHERE e.user_id IS NOT NULL AND NOT EXISTS"
                      + " (SELECT 1 FROM users u WHERE u.project_id = e.project_id"
                      + " AND u.user_id = e.user_id AND u.ordinal IS NOT NULL)"))
          .as("events whose user has no ordinal")
          .isZero();
      assertThat(
              scalar(
                  sql,
                  "SELECT COUNT(*) FROM (SELECT project_id, ordinal FROM users"
                      + " GROUP BY project_id, ordinal HAVING COUNT(*) > 1) d"))
          .as("ordinals handed out twice")
          .isZero();

      stores.get(0).events().rebuildRollups();
      assertThat(RollupProperty.rollups(sql))
          .as("rollups kept by the writers vs rebuilt from the events")
          .isEqualTo(incremental);
    } finally {
      pool.shutdownNow();
    }
  }

  private static long scalar(Connection c, String query) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(query)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
