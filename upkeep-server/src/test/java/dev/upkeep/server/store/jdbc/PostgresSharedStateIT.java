package dev.upkeep.server.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upkeep.server.store.Store;
import dev.upkeep.server.store.TokenRecord;
import dev.upkeep.server.testing.PostgresSchema;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;

/**
 * The shared-state contract against PostgreSQL (see {@link PostgresSchema}: a new schema per test,
 * skipped when PostgreSQL is unreachable but under CI), and what only a database that several
 * collectors open at once can show: their races.
 */
class PostgresSharedStateIT extends SharedStateContract {
  private PostgresSchema schema;

  @Override
  Store newStore(Path tempDir) {
    schema = PostgresSchema.create();
    return JdbcStores.postgres(schema.url);
  }

  @Override
  void afterStoreClosed() throws Exception {
    if (schema != null) {
      schema.close();
    }
  }

  @RepeatedTest(5)
  void ofCollectorsStartingAtOnceOnANewDatabaseExactlyOneInsertsTheMasterToken() throws Exception {
    int collectors = 4;
    List<Store> stores = new ArrayList<>(List.of(store));
    for (int i = 1; i < collectors; i++) {
      stores.add(JdbcStores.postgres(schema.url));
    }
    ExecutorService pool = Executors.newFixedThreadPool(collectors);
    try {
      CyclicBarrier together = new CyclicBarrier(collectors);
      List<Future<Boolean>> inserted = new ArrayList<>();
      for (int i = 0; i < collectors; i++) {
        Store s = stores.get(i);
        TokenRecord mine = master("m" + i);
        inserted.add(
            pool.submit(
                () -> {
                  together.await(30, TimeUnit.SECONDS);
                  return !s.tokens().hasMaster() && s.tokens().insertMasterIfNone(mine);
                }));
      }
      int winners = 0;
      for (Future<Boolean> f : inserted) {
        winners += f.get(60, TimeUnit.SECONDS) ? 1 : 0;
      }

      assertThat(winners).isEqualTo(1);
      assertThat(store.tokens().list())
          .singleElement()
          .satisfies(t -> assertThat(t.kind()).isEqualTo(TokenRecord.TokenKind.MASTER));
    } finally {
      pool.shutdownNow();
      stores.subList(1, stores.size()).forEach(Store::close);
    }
  }
}
