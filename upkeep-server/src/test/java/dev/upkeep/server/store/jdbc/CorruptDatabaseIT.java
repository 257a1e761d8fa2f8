package dev.upkeep.server.store.jdbc;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.upkeep.server.store.Store;
import dev.upkeep.server.store.StoreException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A damaged upkeep.db is refused at open with one line naming the file and the way out. */
class CorruptDatabaseIT {
  @TempDir Path dir;

  @Test
  void randomBytesAreNotADatabase() throws Exception {
    byte[] noise = new byte[64 * 1024];
    new Random(14).nextBytes(noise);
    Files.write(dir.resolve("upkeep.db"), noise);

    assertThatThrownBy(() -> JdbcStores.sqlite(dir, SqliteSynchronous.FULL))
        .isInstanceOf(StoreException.class)
        .hasMessage(
            "upkeep.db at "
                + dir.resolve("upkeep.db").toAbsolutePath()
                + " is not a valid SQLite database (file is not a database): restore it from a"
                + " backup, or move it aside to start empty");
  }

  @Test
  void aRealDatabaseWithAPageOverwrittenIsDamaged() throws Exception {
    try (Store store = JdbcStores.sqlite(dir, SqliteSynchronous.FULL)) {
      for (int i = 0; i < 200; i++) {
        store.projects().register("owner/project-" + i);
      }
    }
    Path db = dir.resolve("upkeep.db");
    long pages = Files.size(db) / 4096; // the last page holds the newest projects
    byte[] garbage = new byte[4096];
    new Random(7).nextBytes(garbage);
    try (RandomAccessFile f = new RandomAccessFile(db.toFile(), "rw")) {
      f.seek((pages - 1) * 4096);
      f.write(garbage);
    }

    assertThatThrownBy(() -> JdbcStores.sqlite(dir, SqliteSynchronous.FULL))
        .isInstanceOf(StoreException.class)
        .hasMessageStartingWith("upkeep.db at " + db.toAbsolutePath() + " ")
        .hasMessageEndingWith(": restore it from a backup, or move it aside to start empty")
        .hasMessageNotContaining("\n");
  }
}
