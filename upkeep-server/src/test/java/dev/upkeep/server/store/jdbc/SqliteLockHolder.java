package dev.upkeep.server.store.jdbc;

import dev.upkeep.server.store.Store;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A process holding an embedded store open, for {@link SqliteLockIT}: opens the store in the
 * directory given as its argument, prints {@code open}, and keeps it open until its standard input
 * ends or it is killed.
 */
final class SqliteLockHolder {
  private SqliteLockHolder() {}

  public static void main(String[] args) throws IOException {
    try (Store store = JdbcStores.sqlite(Path.of(args[0]), SqliteSynchronous.NORMAL)) {
      store.check();
      System.out.println("open");
      System.out.flush();
      while (System.in.read() >= 0) {
        // hold the store until stdin ends
      }
    }
  }
}
