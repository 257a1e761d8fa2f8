package dev.upkeep.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU time of a PostgreSQL server running on this machine, read from {@code /proc} for the
 * processes {@code pg_stat_activity} lists, split by whom they work for:
 *
 * <ul>
 *   <li><b>ours</b>: client backends whose {@code application_name} starts with the prefix given
 *       (the connections of the code under test: see {@link PgSchema#url});
 *   <li><b>background</b>: the postmaster and its auxiliary processes (checkpointer, background
 *       writer, WAL writer, autovacuum launcher and workers, ...), which work for every client;
 *   <li><b>reaped</b>: processes that exited between two samples (the postmaster's {@code cutime +
 *       cstime}: autovacuum workers, and any client's closed connections);
 *   <li><b>others</b>: every other client backend (other users of the server: noise).
 * </ul>
 *
 * The database's cost of the code under test is ours + background + reaped ({@link
 * Usage#databaseNanos}); on a quiet server, background and reaped are all its own. A backend that
 * exits between two samples moves its whole CPU time to reaped. Holds one connection of its own
 * (named {@value #ADMIN_NAME}, counted in others). Not thread-safe.
 */
final class PostgresCpu implements AutoCloseable {
  /** The {@code application_name} of this class's own connection: {@value}. */
  static final String ADMIN_NAME = "upkeep-bench-cpu";

  private final Connection admin;
  private final String prefix;

  /** What the server's processes had used at one moment: pid to {kind, CPU nanoseconds}. */
  record Sample(
      Map<Long, Long> ours,
      Map<Long, Long> background,
      Map<Long, Long> others,
      long reaped,
      long[] wal) {}

  /**
   * CPU nanoseconds used between two samples, and the server's WAL written meanwhile (all of it,
   * whoever wrote it: {@code pg_stat_wal}).
   */
  record Usage(
      long ours,
      long background,
      long reaped,
      long others,
      long walRecords,
      long walFullPages,
      long walBytes,
      long walSyncs) {
    long databaseNanos() {
      return ours + background + reaped;
    }

    static final Usage NONE = new Usage(0, 0, 0, 0, 0, 0, 0, 0);
  }

  /**
   * @param baseUrl any JDBC URL of the server (its database and schema do not matter)
   * @param prefix the start of the {@code application_name} of the connections to count as ours
   */
  PostgresCpu(String baseUrl, String prefix) throws SQLException {
    this.admin =
        DriverManager.getConnection(
            PgSchema.with(PgSchema.baseOf(baseUrl), "ApplicationName", ADMIN_NAME));
    this.prefix = prefix;
  }

  Sample sample() throws SQLException {
    Map<Long, Long> ours = new HashMap<>();
    Map<Long, Long> background = new HashMap<>();
    Map<Long, Long> others = new HashMap<>();
    long postmaster = -1;
    try (Statement s = admin.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT pid, backend_type, COALESCE(application_name, '') FROM pg_stat_activity")) {
      while (rs.next()) {
        long pid = rs.getLong(1);
        long cpu = ProcStat.cpuNanos(pid);
        if (cpu < 0) {
          continue; // exited meanwhile, or the server is on another machine
        }
        if (postmaster < 0) {
          postmaster = ProcStat.parent(pid);
        }
        if (!"client backend".equals(rs.getString(2))) {
          background.put(pid, cpu);
        } else if (rs.getString(3).startsWith(prefix)) {
          ours.put(pid, cpu);
        } else {
          others.put(pid, cpu);
        }
      }
    }
    long reaped = 0;
    if (postmaster > 0) {
      background.put(postmaster, Math.max(0, ProcStat.cpuNanos(postmaster)));
      reaped = Math.max(0, ProcStat.reapedChildrenNanos(postmaster));
    }
    return new Sample(ours, background, others, reaped, wal());
  }

  /** {records, full-page images, bytes, syncs} from {@code pg_stat_wal}, or zeros. */
  private long[] wal() {
    try (Statement s = admin.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT wal_records, wal_fpi, wal_bytes, wal_sync FROM pg_stat_wal")) {
      rs.next();
      return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)};
    } catch (SQLException e) {
      return new long[4]; // before PostgreSQL 14
    }
  }

  /** What was used from {@code before} to {@code after}. */
  static Usage between(Sample before, Sample after) {
    return new Usage(
        delta(before.ours(), after.ours()),
        delta(before.background(), after.background()),
        after.reaped() - before.reaped(),
        delta(before.others(), after.others()),
        after.wal()[0] - before.wal()[0],
        after.wal()[1] - before.wal()[1],
        after.wal()[2] - before.wal()[2],
        after.wal()[3] - before.wal()[3]);
  }

  /** Per process: its CPU now less its CPU before (all of it for a process new since then). */
  private static long delta(Map<Long, Long> before, Map<Long, Long> after) {
    long sum = 0;
    for (Map.Entry<Long, Long> e : after.entrySet()) {
      sum += e.getValue() - before.getOrDefault(e.getKey(), 0L);
    }
    return sum;
  }

  @Override
  public void close() throws SQLException {
    admin.close();
  }
}
