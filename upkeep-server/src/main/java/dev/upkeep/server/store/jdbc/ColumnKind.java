package dev.upkeep.server.store.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;

/**
 * How a store migration reads, writes and hashes a column, decided by the column's type in the
 * PostgreSQL target: whole numbers ({@code smallint}, {@code integer}, {@code bigint}; booleans are
 * SMALLINT 0/1 on both sides), text, and bytes ({@code bytea}, a SQLite BLOB). A column of another
 * type is refused by {@link #of}, so a future column type is added here on purpose, not copied by
 * guess.
 */
enum ColumnKind {
  LONG,
  TEXT,
  BYTES;

  /**
   * The kind of a PostgreSQL column type as {@code information_schema.columns.data_type} names it.
   *
   * @throws IllegalStateException naming the column and its type when the type is none of these
   */
  static ColumnKind of(String table, String column, String pgType) {
    return switch (pgType.toLowerCase(Locale.ROOT)) {
      case "smallint", "integer", "bigint" -> LONG;
      case "text", "character varying" -> TEXT;
      case "bytea" -> BYTES;
      default ->
          throw new IllegalStateException(
              "column "
                  + table
                  + "."
                  + column
                  + " of the target has type "
                  + pgType
                  + ", which upkeep store migrate does not know how to copy; update upkeep");
    };
  }

  /**
   * Reads column {@code i} of the current row of a SQLite result into {@code out}. Numbers and text
   * are read as SQLite's UTF-8 bytes ({@code getBytes}: a number as its decimal digits), which
   * spares decoding and encoding each value.
   */
  void copy(ResultSet rs, int i, CopyText out) throws SQLException {
    byte[] v = rs.getBytes(i);
    if (v == null) {
      out.nul();
    } else if (this == BYTES) {
      out.hex(v);
    } else {
      out.value(v);
    }
  }

  /** The value of column {@code i} as the text a resume key keeps; null for SQL NULL. */
  String keyText(ResultSet rs, int i) throws SQLException {
    if (this == LONG) {
      long v = rs.getLong(i);
      return rs.wasNull() ? null : Long.toString(v);
    }
    if (this == TEXT) {
      return rs.getString(i);
    }
    throw new IllegalStateException("a bytea column cannot be part of a resume key");
  }

  /** Binds a value kept by {@link #keyText} as parameter {@code i}. */
  void bindKey(PreparedStatement ps, int i, String text) throws SQLException {
    if (this == LONG) {
      ps.setLong(i, Long.parseLong(text));
    } else {
      ps.setString(i, text);
    }
  }
}
