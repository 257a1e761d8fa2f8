package dev.upkeep.server.store.jdbc;

import java.util.List;

/**
 * What comparing a migration's source and target found.
 *
 * @param tables every table compared, in copy order
 * @param sequencesBehind identity columns ({@code table.column}) whose sequence would hand out a
 *     value the column already holds: a collector's next insert there would fail
 */
public record Verification(List<TableCheck> tables, List<String> sequencesBehind) {
  public Verification {
    tables = List.copyOf(tables);
    sequencesBehind = List.copyOf(sequencesBehind);
  }

  /** Whether every table matches and no sequence is behind. */
  public boolean matches() {
    return sequencesBehind.isEmpty() && tables.stream().allMatch(TableCheck::matches);
  }

  /** The names of the tables that differ, in copy order. */
  public List<String> differing() {
    return tables.stream().filter(t -> !t.matches()).map(TableCheck::table).toList();
  }

  /** The source tables compared ({@code event_ids}, compared with the events, not counted). */
  public int sourceTables() {
    return (int) tables.stream().filter(t -> !MigrationTables.EVENT_IDS.equals(t.table())).count();
  }

  /** The rows of the source tables ({@code event_ids} not counted: its rows are events'). */
  public long sourceRows() {
    return tables.stream()
        .filter(t -> !MigrationTables.EVENT_IDS.equals(t.table()))
        .mapToLong(TableCheck::sourceRows)
        .sum();
  }
}
