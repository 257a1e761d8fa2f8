package dev.upkeep.server.store.jdbc;

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

/**
 * Compares a migration's source and target table by table: reads every row of both sides (the
 * target on a second connection and thread, at the same time as the source) and sums a {@link
 * RowHash} of each, so no side needs sorting. {@code event_ids} is compared with the source's
 * events that have an id. Not thread-safe.
 */
final class MigrationVerify {
  private static final int FETCH = 10_000;

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
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "upkeep-migrate-verify");
              t.setDaemon(true);
              return t;
            });
    try (Connection target = MigrationTarget.open(targetUrl)) {
      target.setAutoCommit(false); // so that pgjdbc streams with the fetch size
      target.setReadOnly(true);
      for (MigrationLayout l : layouts) {
        String select =
            "SELECT " + SqlNames.list(l.columns()) + " FROM " + SqlNames.quote(l.table());
        checks.add(compare(l.table(), select, select, l.kinds(), reader, target));
        if (MigrationTables.EVENTS.equals(l.table())) {
          checks.add(
              compare(
                  MigrationTables.EVENT_IDS,
                  "SELECT event_id, day FROM events WHERE event_id IS NOT NULL",
                  "SELECT event_id, day FROM " + MigrationTables.EVENT_IDS,
                  List.of(ColumnKind.TEXT, ColumnKind.LONG),
                  reader,
                  target));
        }
      }
      target.rollback();
    } finally {
      reader.shutdownNow();
    }
    return checks;
  }

  private TableCheck compare(
      String table,
      String sourceSql,
      String targetSql,
      List<ColumnKind> kinds,
      ExecutorService reader,
      Connection target)
      throws SQLException {
    CompletableFuture<long[]> theirs =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return sum(target, targetSql, kinds, n -> {});
              } catch (SQLException e) {
                throw new CompletionException(e);
              }
            },
            reader);
    boolean counted = !MigrationTables.EVENT_IDS.equals(table); // progress counts source rows once
    long[] ours =
        sum(
            source.connection(),
            sourceSql,
            kinds,
            n -> {
              if (counted) {
                listener.advanced(table, n);
              }
            });
    long[] other;
    try {
      other = theirs.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof SQLException s) {
        throw s;
      }
      throw e;
    }
    return new TableCheck(table, ours[0], other[0], ours[1], other[1]);
  }

  /** {rows, checksum} of the query's rows; tells {@code progress} every {@value #FETCH} rows. */
  private static long[] sum(Connection c, String sql, List<ColumnKind> kinds, LongConsumer progress)
      throws SQLException {
    RowHash hash = new RowHash();
    long rows = 0;
    long checksum = 0;
    int columns = kinds.size();
    ColumnKind[] k = kinds.toArray(new ColumnKind[0]);
    try (Statement s = c.createStatement()) {
      s.setFetchSize(FETCH);
      try (ResultSet rs = s.executeQuery(sql)) {
        while (rs.next()) {
          for (int i = 0; i < columns; i++) {
            k[i].hash(rs, i + 1, hash);
          }
          checksum += hash.finish();
          if (++rows % FETCH == 0) {
            progress.accept(FETCH);
          }
        }
      }
    }
    progress.accept(rows % FETCH);
    return new long[] {rows, checksum};
  }
}
