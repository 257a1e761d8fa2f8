package dev.upkeep.server.store.jdbc;

import dev.upkeep.server.store.StoreException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The columns a migration copies of one table: the source's columns, each of which must exist in
 * the target (its type there decides how it is read, see {@link ColumnKind}), and the source's
 * primary key, in whose order rows are copied and by which a copy resumes. A target column the
 * source does not have must be nullable or have a default, which fills it (e.g. {@code
 * rollup_users.rev}).
 *
 * @param table the table's name in both databases
 * @param columns the columns copied, in the source's order
 * @param kinds how each column is read and written
 * @param key the positions in {@code columns} of the primary key's columns, in key order
 */
record MigrationLayout(String table, List<String> columns, List<ColumnKind> kinds, int[] key) {
  /**
   * Reads both tables' columns and checks that every source row has a place in the target.
   *
   * @throws StoreException naming the table and column that does not fit
   */
  static MigrationLayout of(MigrationSource source, MigrationTarget target, String table)
      throws SQLException {
    Map<String, MigrationTarget.Column> targetColumns = target.columns(table);
    if (targetColumns.isEmpty()) {
      throw new StoreException(
          "the target has no table " + table + ": its schema is not the store's; nothing to do",
          null);
    }
    List<String> columns = source.columns(table);
    List<ColumnKind> kinds = new ArrayList<>(columns.size());
    for (String c : columns) {
      MigrationTarget.Column t = targetColumns.get(c);
      if (t == null) {
        throw new StoreException(
            "column "
                + table
                + "."
                + c
                + " of the source has no place in the target; the target's schema is older than"
                + " the source's: use the upkeep version that made the source",
            null);
      }
      try {
        kinds.add(ColumnKind.of(table, c, t.type()));
      } catch (IllegalStateException e) {
        throw new StoreException(e.getMessage(), e);
      }
    }
    for (MigrationTarget.Column t : targetColumns.values()) {
      if (!columns.contains(t.name()) && !t.nullable() && !t.hasDefault()) {
        throw new StoreException(
            "column "
                + table
                + "."
                + t.name()
                + " of the target needs a value and the source has none for it; update upkeep",
            null);
      }
    }
    List<String> primaryKey = source.primaryKey(table);
    int[] key = new int[primaryKey.size()];
    for (int i = 0; i < key.length; i++) {
      key[i] = columns.indexOf(primaryKey.get(i));
      if (kinds.get(key[i]) == ColumnKind.BYTES) {
        throw new StoreException(
            "table " + table + " has a bytes column in its primary key; update upkeep", null);
      }
    }
    return new MigrationLayout(table, List.copyOf(columns), List.copyOf(kinds), key);
  }

  /** The position of {@code column} in {@link #columns}, or -1. */
  int indexOf(String column) {
    return columns.indexOf(column);
  }

  /** The primary key's column names, in key order. */
  List<String> keyColumns() {
    List<String> names = new ArrayList<>(key.length);
    for (int k : key) {
      names.add(columns.get(k));
    }
    return names;
  }
}
