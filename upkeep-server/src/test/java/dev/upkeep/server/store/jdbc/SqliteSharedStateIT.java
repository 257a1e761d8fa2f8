package dev.upkeep.server.store.jdbc;

import dev.upkeep.server.store.Store;
import java.nio.file.Path;

/** The shared-state contract against the embedded SQLite store: a real file in a temp directory. */
class SqliteSharedStateIT extends SharedStateContract {
  @Override
  Store newStore(Path tempDir) {
    return JdbcStores.sqlite(tempDir, SqliteSynchronous.NORMAL);
  }
}
