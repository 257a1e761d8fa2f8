package dev.upkeep.server.store.jdbc;

import dev.upkeep.server.threads.DaemonThreads;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.LongConsumer;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

/**
 * Compares a migration's source and target table by table: reads every row of both sides and sums
 * the {@link RowHash} of each row's line in PostgreSQL's COPY text format, so no side needs
 * sorting. The source's lines are written by {@link CopyText} from SQLite's values; the target's
 * are PostgreSQL's own {@code COPY (SELECT ...) TO STDOUT}, read on a second connection and thread
 * at the same time. {@code event_ids} is compared with the source's events that have an id. Not
 * thread-safe.
 */
final class MigrationVerify {
  private static final int PROGRESS_EVERY = 10_000;

  private final MigrationSource source;
  private final String targetUrl;
  private final MigrationListener listener;

  MigrationVerify(MigrationSource source, String targetUrl, MigrationListener listener) {
    this.source = source;
    this.targetUrl = targetUrl;
    this.listener = listener;
  }

  /** Compares every table of {@code layouts}, then {@code event_ids} when events are among them. */
  List<TableCheck> compare(List<MigrationLayout> layouts) throws SQLException {
    List<TableCheck> checks = new ArrayList<>();
    ExecutorService reader =
        Executors.newSingleThreadExecutor(DaemonThreads.named("upkeep-migrate-verify"));
    try (Connection target = MigrationTarget.open(targetUrl)) {
      try (Statement s = target.createStatement()) {
        s.execute("SET bytea_output = 'hex'");
      }
      for (MigrationLayout l : layouts) {
        String columns = SqlNames.list(l.columns());
        String table = SqlNames.quote(l.table());
        checks.add(
            compare(
                l.table(),
                "SELECT " + columns + " FROM " + table,
                l.kinds(),
                "COPY (SELECT " + columns + " FROM " + table + ") TO STDOUT",
                reader,
                target));
        if (MigrationTables.EVENTS.equals(l.table())) {
          checks.add(
              compare(
                  MigrationTables.EVENT_IDS,
                  "SELECT event_id, day FROM events WHERE event_id IS NOT NULL",
                  List.of(ColumnKind.TEXT, ColumnKind.LONG),
                  "COPY (SELECT event_id, day FROM " + MigrationTables.EVENT_IDS + ") TO STDOUT",
                  reader,
                  target));
        }
      }
    } finally {
      reader.shutdownNow();
    }
    return checks;
  }

  private TableCheck compare(
      String table,
      String sourceSql,
      List<ColumnKind> kinds,
      String targetCopy,
      ExecutorService reader,
      Connection target)
      throws SQLException {
    CompletableFuture<long[]> theirs =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return target(target, targetCopy);
              } catch (SQLException e) {
                throw new CompletionException(e);
              }
            },
            reader);
    boolean counted = !MigrationTables.EVENT_IDS.equals(table); // progress counts source rows once
    long[] ours;
    try {
      ours =
          source(
              sourceSql,
              kinds,
              n -> {
                if (counted) {
                  listener.advanced(table, n);
                }
              });
    } catch (SQLException | RuntimeException e) {
      theirs.cancel(true);
      throw e;
    }
    try {
      long[] other = theirs.join();
      return new TableCheck(table, ours[0], other[0], ours[1], other[1]);
    } catch (CompletionException e) {
      if (e.getCause() instanceof SQLException s) {
        throw s;
      }
      throw e;
    }
  }

  /** {rows, checksum} of the source's rows; tells {@code progress} as it goes. */
  private long[] source(String sql, List<ColumnKind> kinds, LongConsumer progress)
      throws SQLException {
    CopyText line = new CopyText();
    ColumnKind[] k = kinds.toArray(new ColumnKind[0]);
    long rows = 0;
    long checksum = 0;
    try (Statement s = source.connection().createStatement()) {
      s.setFetchSize(PROGRESS_EVERY);
      try (ResultSet rs = s.executeQuery(sql)) {
        while (rs.next()) {
          for (int i = 0; i < k.length; i++) {
            k[i].copy(rs, i + 1, line);
          }
          checksum += RowHash.of(line.buffer(), 0, line.size());
          line.clear();
          if (++rows % PROGRESS_EVERY == 0) {
            progress.accept(PROGRESS_EVERY);
          }
        }
      }
    }
    progress.accept(rows % PROGRESS_EVERY);
    return new long[] {rows, checksum};
  }

  /** {rows, checksum} of the lines of a {@code COPY ... TO STDOUT}, one row per message. */
  private static long[] target(Connection c, String copy) throws SQLException {
    CopyOut out = c.unwrap(PGConnection.class).getCopyAPI().copyOut(copy);
    long rows = 0;
    long checksum = 0;
    try {
      for (byte[] row = out.readFromCopy(); row != null; row = out.readFromCopy()) {
        int end = row.length > 0 && row[row.length - 1] == '\n' ? row.length - 1 : row.length;
        checksum += RowHash.of(row, 0, end);
        rows++;
      }
    } finally {
      if (out.isActive()) {
        out.cancelCopy();
      }
    }
    return new long[] {rows, checksum};
  }
}
