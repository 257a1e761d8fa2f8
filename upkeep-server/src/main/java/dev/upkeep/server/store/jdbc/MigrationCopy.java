package dev.upkeep.server.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

/**
 * Copies the rows of one table that are not in the target yet, in primary-key order, with
 * PostgreSQL's {@code COPY ... FROM STDIN} (rows streamed to the server as they are read, so that
 * both sides work at once) in chunks of at most {@code chunkRows} rows (or {@link
 * #MAX_CHUNK_BYTES}). Each chunk commits in one transaction with its {@link MigrationLedger#advance
 * ledger row}, so a copy killed at any moment resumes after the last committed row. Copying {@code
 * events} also claims each event id in {@code event_ids} in the same transaction; the indexes of
 * both are dropped first and built again with the table's last chunk ({@link DeferredIndexes}). Not
 * thread-safe.
 */
final class MigrationCopy {
  /** A chunk commits once its rows take this many bytes, whatever its row count: {@value}. */
  static final int MAX_CHUNK_BYTES = 32 << 20;

  /** Rows are sent to the server whenever this many bytes are buffered: {@value}. */
  private static final int SEND_BYTES = 256 << 10;

  private final MigrationSource source;
  private final Connection target;
  private final CopyManager copy;
  private final MigrationLedger ledger;
  private final int chunkRows;
  private final MigrationListener listener;
  private final CopyText rows = new CopyText();
  private final CopyText eventIds = new CopyText();
  private long chunks;

  MigrationCopy(
      MigrationSource source,
      Connection target,
      MigrationLedger ledger,
      int chunkRows,
      MigrationListener listener)
      throws SQLException {
    this.source = source;
    this.target = target;
    this.copy = target.unwrap(PGConnection.class).getCopyAPI();
    this.ledger = ledger;
    this.chunkRows = chunkRows;
    this.listener = listener;
  }

  /**
   * Copies what is left of {@code layout}'s table after {@code progress}; with {@code replace}, the
   * target's rows of the table are deleted first (when the table was not begun).
   *
   * @return the rows copied by this call
   */
  long copy(MigrationLayout layout, MigrationLedger.Progress progress, boolean replace)
      throws SQLException {
    String table = layout.table();
    String[] lastKey = progress.lastKey();
    boolean clear = replace && lastKey == null && progress.rows() == 0;
    int eventId = MigrationTables.EVENTS.equals(table) ? layout.indexOf("event_id") : -1;
    int day = eventId >= 0 ? layout.indexOf("day") : -1;
    String copyRows =
        "COPY " + SqlNames.quote(table) + " (" + SqlNames.list(layout.columns()) + ") FROM STDIN";
    int columns = layout.kinds().size();
    ColumnKind[] kinds = layout.kinds().toArray(new ColumnKind[0]);
    int[] keyAt = layout.key();
    long copied = 0;
    target.setAutoCommit(false);
    List<String> deferred = progress.deferred();
    CopyIn in = null;
    try (PreparedStatement read = source.connection().prepareStatement(select(layout, lastKey))) {
      if (deferred == null && MigrationTables.DEFERRED.contains(table)) {
        deferred = new ArrayList<>();
        for (String t : MigrationTables.DEFERRED) {
          deferred.addAll(DeferredIndexes.drop(target, t));
        }
        ledger.deferred(table, deferred);
        target.commit();
      }
      if (lastKey != null) {
        for (int i = 0; i < lastKey.length; i++) {
          kinds[keyAt[i]].bindKey(read, i + 1, lastKey[i]);
        }
      }
      read.setFetchSize(chunkRows);
      String[] key = new String[keyAt.length];
      int n = 0;
      long bytes = 0;
      try (ResultSet rs = read.executeQuery()) {
        while (rs.next()) {
          if (in == null) {
            if (clear) {
              deleteAll(table);
              clear = false;
            }
            in = copy.copyIn(copyRows);
          }
          for (int i = 0; i < columns; i++) {
            kinds[i].copy(rs, i + 1, rows);
          }
          rows.endRow();
          if (eventId >= 0) {
            byte[] id = rs.getBytes(eventId + 1);
            if (id != null) {
              eventIds.value(id);
              eventIds.value(rs.getBytes(day + 1));
              eventIds.endRow();
            }
          }
          for (int i = 0; i < key.length; i++) {
            key[i] = kinds[keyAt[i]].keyText(rs, keyAt[i] + 1);
          }
          n++;
          if (rows.size() >= SEND_BYTES) {
            bytes += send(in, rows);
          }
          if (n >= chunkRows || bytes >= MAX_CHUNK_BYTES) {
            send(in, rows);
            in.endCopy();
            in = null;
            commit(table, key, n, false);
            copied += n;
            n = 0;
            bytes = 0;
          }
        }
      }
      if (in != null) {
        send(in, rows);
        in.endCopy();
        in = null;
      } else if (clear) {
        deleteAll(table);
      }
      if (deferred != null && !deferred.isEmpty()) {
        DeferredIndexes.restore(target, deferred);
        ledger.deferred(table, List.of());
      }
      commit(table, n > 0 ? key : null, n, true);
      copied += n;
    } catch (SQLException | RuntimeException e) {
      if (in != null && in.isActive()) {
        in.cancelCopy();
      }
      target.rollback();
      throw e;
    } finally {
      rows.clear();
      eventIds.clear();
      target.setAutoCommit(true);
    }
    return copied;
  }

  /** After a chunk's rows went: its event ids, its ledger row, then the commit. */
  private void commit(String table, String[] key, int n, boolean last) throws SQLException {
    if (n > 0) {
      if (eventIds.size() > 0) {
        CopyIn ids =
            copy.copyIn("COPY " + MigrationTables.EVENT_IDS + " (event_id, day) FROM STDIN");
        send(ids, eventIds);
        ids.endCopy();
      }
      ledger.advance(table, key, n);
    }
    if (last) {
      ledger.tableDone(table);
    }
    if (n > 0) {
      listener.chunkWritten(table, ++chunks);
    }
    target.commit();
    if (n > 0) {
      listener.advanced(table, n);
    }
  }

  private void deleteAll(String table) throws SQLException {
    try (Statement s = target.createStatement()) {
      s.executeUpdate("DELETE FROM " + SqlNames.quote(table));
    }
  }

  /** Sends the buffered rows into the open COPY and empties the buffer; returns the bytes sent. */
  private static int send(CopyIn in, CopyText text) throws SQLException {
    int n = text.size();
    if (n > 0) {
      in.writeToCopy(text.buffer(), 0, n);
      text.clear();
    }
    return n;
  }

  /** Rows after {@code lastKey} (all when null) in key order. */
  private static String select(MigrationLayout layout, String[] lastKey) {
    String keys = SqlNames.list(layout.keyColumns());
    StringBuilder sql =
        new StringBuilder("SELECT ")
            .append(SqlNames.list(layout.columns()))
            .append(" FROM ")
            .append(SqlNames.quote(layout.table()));
    if (lastKey != null) {
      sql.append(" WHERE (").append(keys).append(") > (");
      for (int i = 0; i < lastKey.length; i++) {
        sql.append(i == 0 ? "?" : ", ?");
      }
      sql.append(')');
    }
    return sql.append(" ORDER BY ").append(keys).toString();
  }
}
