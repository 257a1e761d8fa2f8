package dev.upkeep.server.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.upkeep.server.store.Store;
import dev.upkeep.server.store.StoreException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One process at a time on an embedded store ({@link SqliteLock}): refused while another store of
 * this process or another process holds it, taken again once it is closed, and once its holder is
 * killed with SIGKILL (the OS releases the lock of a dead process).
 */
class SqliteLockIT {
  @TempDir Path dir;

  private Process holder;

  @AfterEach
  void killHolder() throws InterruptedException {
    if (holder != null && holder.isAlive()) {
      holder.destroyForcibly();
      holder.waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void aSecondStoreOnTheSameFileIsRefusedWhileTheFirstIsOpen() {
    try (Store first = JdbcStores.sqlite(dir, SqliteSynchronous.NORMAL)) {
      assertThatThrownBy(() -> JdbcStores.sqlite(dir, SqliteSynchronous.NORMAL))
          .isInstanceOf(StoreException.class)
          .hasMessage(
              dir.resolve(JdbcStores.SQLITE_FILE).toAbsolutePath()
                  + " is in use by another collector or upkeep command (pid "
                  + ProcessHandle.current().pid()
                  + ", this very process): one SQLite file takes one process at a time. Stop it"
                  + " first, or run several collectors on one PostgreSQL database (setting"
                  + " database-url; see docs/deploy.md).");
      first.check(); // the refusal did not release the first store's lock
      assertThatThrownBy(() -> JdbcStores.sqlite(dir, SqliteSynchronous.NORMAL))
          .isInstanceOf(StoreException.class);
    }
  }

  @Test
  void theStoreCanBeOpenedAgainOnceClosed() {
    JdbcStores.sqlite(dir, SqliteSynchronous.NORMAL).close();

    try (Store again = JdbcStores.sqlite(dir, SqliteSynchronous.NORMAL)) {
      again.check();
    }
  }

  @Test
  void aStoreThatFailsToOpenReleasesTheLock() throws IOException {
    Files.write(dir.resolve(JdbcStores.SQLITE_FILE), new byte[4096]); // not a database
    assertThatThrownBy(() -> JdbcStores.sqlite(dir, SqliteSynchronous.NORMAL))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("not a valid SQLite database");
    Files.delete(dir.resolve(JdbcStores.SQLITE_FILE));

    try (Store store = JdbcStores.sqlite(dir, SqliteSynchronous.NORMAL)) {
      store.check();
    }
  }

  @Test
  void theLockFileIsPrivateAndNamesItsHolder() throws IOException {
    try (Store store = JdbcStores.sqlite(dir, SqliteSynchronous.NORMAL)) {
      Path lock = dir.resolve(SqliteLock.FILE);
      assertThat(Files.readString(lock))
          .startsWith("pid " + ProcessHandle.current().pid() + " since ");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(lock)))
          .isEqualTo("rw-------");
    }
  }

  @Test
  void anotherProcessHoldingTheStoreIsNamedByItsPidThenReleasesItWhenKilled() throws Exception {
    holder = startHolder(dir);

    assertThatThrownBy(() -> JdbcStores.sqlite(dir, SqliteSynchronous.NORMAL))
        .isInstanceOf(StoreException.class)
        .hasMessageStartingWith(
            dir.resolve(JdbcStores.SQLITE_FILE).toAbsolutePath()
                + " is in use by another collector or upkeep command (pid "
                + holder.pid()
                + " since ")
        .hasMessageContaining("several collectors on one PostgreSQL database");

    holder.destroyForcibly(); // SIGKILL: nothing of the holder runs
    assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();

    try (Store store = JdbcStores.sqlite(dir, SqliteSynchronous.NORMAL)) {
      store.check();
      assertThat(Files.readString(dir.resolve(SqliteLock.FILE)))
          .startsWith("pid " + ProcessHandle.current().pid() + " since ");
    }
  }

  /** A child JVM holding the store in {@code dir} open; returns once it has opened it. */
  private static Process startHolder(Path dir) throws IOException {
    List<String> cmd =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            System.getProperty("java.class.path"),
            SqliteLockHolder.class.getName(),
            dir.toString());
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    for (String line = out.readLine(); line != null; line = out.readLine()) {
      if (line.equals("open")) {
        return p;
      }
      seen.append(line).append('\n');
    }
    throw new IllegalStateException("the holder exited before opening the store: " + seen);
  }
}
