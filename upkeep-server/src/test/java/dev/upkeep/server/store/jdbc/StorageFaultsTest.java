package dev.upkeep.server.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.upkeep.server.store.StorageUnavailableException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;

/**
 * SQLite's real "full" and "read-only" failures are told apart from other failures: a database
 * capped with {@code PRAGMA max_page_count}, and a connection opened read-only. (DiskFaultIT does
 * the same on real disks where it may mount them.)
 */
class StorageFaultsTest {
  @TempDir Path dir;

  @Test
  void aDatabaseAtItsPageLimitIsADiskFull() throws Exception {
    Throwable failure;
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("a.db"));
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (v TEXT)");
      s.execute("PRAGMA max_page_count = 3");
      failure =
          catchThrowable(
              () -> {
                for (int i = 0; i < 100; i++) {
                  s.execute("INSERT INTO t VALUES (printf('%.2000c', 'x'))");
                }
              });
    }
    assertThat(StorageFaults.condition(failure)).contains("disk full");
    assertThat(StorageFaults.translate((SQLException) failure, "sqlite:a.db"))
        .isInstanceOf(StorageUnavailableException.class)
        .hasMessageStartingWith("the store sqlite:a.db cannot write (disk full: ");
  }

  @Test
  void aReadOnlyDatabaseIsReadOnly() throws Exception {
    Path db = dir.resolve("b.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (v TEXT)");
    }
    SQLiteConfig ro = new SQLiteConfig();
    ro.setReadOnly(true);
    Throwable failure;
    try (Connection c = ro.createConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement()) {
      failure = catchThrowable(() -> s.execute("INSERT INTO t VALUES ('x')"));
    }
    assertThat(StorageFaults.condition(failure)).contains("read-only");
  }

  @Test
  void otherFailuresAreNot() {
    assertThat(StorageFaults.condition(new SQLException("syntax error", "42601"))).isEmpty();
    assertThat(StorageFaults.condition(new SQLException("could not extend file", "53100")))
        .contains("disk full");
    assertThat(StorageFaults.condition(new RuntimeException(new SQLException("x", "25006"))))
        .contains("read-only");
  }
}
