package dev.upkeep.server.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.upkeep.server.store.StoreException;
import dev.upkeep.server.store.fault.StorageUnavailableException;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import org.jdbi.v3.core.ConnectionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;
import org.postgresql.util.ServerErrorMessage;
import org.sqlite.SQLiteConfig;

/**
 * SQLite's real "full" and "read-only" failures are told apart from other failures: a database
 * capped with {@code PRAGMA max_page_count}, and a connection opened read-only. (DiskFaultIT does
 * the same on real disks where it may mount them.) PostgreSQL's and HikariCP's connection failures
 * are told by their SQLSTATEs, as pgjdbc and the pool report them, however wrapped (PostgresPoolIT
 * meets them for real).
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

  @ParameterizedTest
  @CsvSource({
    "08001, unreachable", // pgjdbc: connection refused, the connection attempt failed
    "08006, unreachable", // pgjdbc: an I/O error while sending or receiving (socket timeout too)
    "08003, unreachable", // this connection has been closed (HikariCP's proxy says so too)
    "08P01, unreachable", // protocol violation
    "57P01, unreachable", // admin_shutdown: pg_ctl stop -m fast, pg_terminate_backend
    "57P02, unreachable", // crash_shutdown
    "57P03, unreachable", // cannot_connect_now: starting up or shutting down
    "57P04, unreachable", // database_dropped
    "57P05, unreachable", // idle_session_timeout
    "53300, too many connections",
    "57014, timed out", // query_canceled: the statement timeout
    "53100, disk full",
    "25006, read-only"
  })
  void postgresStatesAreFaults(String state, String condition) {
    // as pgjdbc reports an error the server sent: severity, SQLSTATE, message
    PSQLException fromServer =
        new PSQLException(new ServerErrorMessage("SFATAL\0C" + state + "\0Mterminating\0"));
    assertThat(fromServer.getSQLState()).isEqualTo(state);
    assertThat(StorageFaults.condition(fromServer)).as(state).contains(condition);
    assertThat(StorageFaults.condition(new SQLException("x", state))).contains(condition);
  }

  @ParameterizedTest
  @CsvSource({"23505", "42601", "40001", "22P02", "55P03"})
  void otherPostgresStatesAreNot(String state) {
    assertThat(StorageFaults.condition(new SQLException("x", state))).as(state).isEmpty();
  }

  @Test
  void causesAreSearchedHoweverWrapped() {
    SQLException refused =
        new PSQLException("Connection refused", PSQLState.CONNECTION_UNABLE_TO_CONNECT);
    assertThat(StorageFaults.condition(new ConnectionException(refused))).contains("unreachable");
    assertThat(
            StorageFaults.condition(
                new StoreException("usage query failed", new RuntimeException(refused))))
        .contains("unreachable");
    BatchUpdateException batch =
        new BatchUpdateException("Batch entry 0 was aborted", "08006", new int[0]);
    assertThat(StorageFaults.condition(batch)).contains("unreachable");
  }

  @Test
  void aPoolTimeoutIsUnreachableWithACauseAndNoFreeConnectionWithout() {
    // HikariCP copies the SQLSTATE of the last connection failure onto its timeout
    SQLException refused =
        new PSQLException("Connection refused", PSQLState.CONNECTION_UNABLE_TO_CONNECT);
    assertThat(
            StorageFaults.condition(
                new SQLTransientConnectionException(
                    "upkeep-postgres - Connection is not available, request timed out after 5000ms",
                    "08001",
                    refused)))
        .contains("unreachable");
    assertThat(
            StorageFaults.condition(
                new SQLTransientConnectionException(
                    "upkeep-postgres - Connection is not available", null, new IOException("x"))))
        .contains("unreachable");
    assertThat(
            StorageFaults.condition(
                new SQLTransientConnectionException(
                    "upkeep-postgres - Connection is not available, request timed out after 5000ms"
                        + " (total=8, active=8, idle=0, waiting=3)")))
        .contains("no free connection");
  }

  @Test
  void onlyConnectionFaultsAreOutages() {
    assertThat(StorageFaults.Fault.UNREACHABLE.connection()).isTrue();
    assertThat(StorageFaults.Fault.TOO_MANY_CONNECTIONS.connection()).isTrue();
    assertThat(StorageFaults.Fault.TIMED_OUT.connection()).isFalse();
    assertThat(StorageFaults.Fault.NO_CONNECTION.connection()).isFalse();
    assertThat(StorageFaults.Fault.DISK_FULL.connection()).isFalse();
  }

  @Test
  void aConnectionFaultIsTranslatedWithoutClaimingNothingWasKept() {
    SQLException broken = new PSQLException("An I/O error occurred", PSQLState.CONNECTION_FAILURE);
    assertThat(StorageFaults.translate(broken, "postgres:jdbc:postgresql://db/upkeep"))
        .isInstanceOf(StorageUnavailableException.class)
        .hasMessage(
            "the store postgres:jdbc:postgresql://db/upkeep is unreachable"
                + " (org.postgresql.util.PSQLException: An I/O error occurred)")
        .hasCause(broken)
        .satisfies(
            e ->
                assertThat(((StorageUnavailableException) e).condition()).isEqualTo("unreachable"));
    StorageUnavailableException already =
        new StorageUnavailableException("unreachable", "the store x is unreachable", null);
    assertThat(StorageFaults.translate(already, "x")).isSameAs(already);
    SQLException other = new SQLException("duplicate key", "23505");
    assertThat(StorageFaults.translate(other, "x")).isSameAs(other);
  }
}
