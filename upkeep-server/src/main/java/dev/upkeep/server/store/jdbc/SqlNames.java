package dev.upkeep.server.store.jdbc;

import java.util.List;
import java.util.stream.Collectors;

/** SQL identifiers quoted the standard way (SQLite and PostgreSQL alike): {@code "name"}. */
final class SqlNames {
  private SqlNames() {}

  /** {@code name} in double quotes, a double quote in it doubled. */
  static String quote(String name) {
    return '"' + name.replace("\"", "\"\"") + '"';
  }

  /** The names quoted and separated by commas: {@code "a", "b"}. */
  static String list(List<String> names) {
    return names.stream().map(SqlNames::quote).collect(Collectors.joining(", "));
  }
}
