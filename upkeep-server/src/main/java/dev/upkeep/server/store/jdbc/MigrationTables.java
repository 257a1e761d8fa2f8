package dev.upkeep.server.store.jdbc;

import dev.upkeep.server.store.StoreException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a store migration does with each table of the SQLite source, in the order it copies them
 * (referenced tables first). The list is explicit: a source table that is not in it stops the
 * migration before anything is copied ({@link #plan}), so a table added by a later schema version
 * is never left behind silently; add it here (and to docs/migrate.md) with the migration that
 * creates it.
 *
 * <p>Tables that exist only in the target are not copied: {@code event_ids} is filled from {@code
 * events.event_id} while events are copied; the target's own Flyway history and the migration's
 * ledger ({@link MigrationLedger}) belong to the target.
 */
final class MigrationTables {
  /** What happens to a source table. */
  enum Policy {
    /** Copied row by row into the empty target table. */
    COPY,
    /**
     * The target's schema migrations insert its rows (the one row of {@code rollup_state} and of
     * {@code change_clock}): they are replaced by the source's.
     */
    REPLACE,
    /** Not copied: the target has its own (the schema history). */
    SKIP
  }

  /** A source table and what happens to it. */
  record Table(String name, Policy policy) {}

  /** The events table, whose rows also fill {@link #EVENT_IDS}: {@value}. */
  static final String EVENTS = "events";

  /** The target-only table of event ids, filled from the events copied: {@value}. */
  static final String EVENT_IDS = "event_ids";

  /**
   * The tables whose indexes are dropped while events are copied and built again after ({@link
   * DeferredIndexes}): events and the event ids claimed with them.
   */
  static final List<String> DEFERRED = List.of(EVENTS, EVENT_IDS);

  private static final Map<String, Policy> TABLES = new LinkedHashMap<>();

  static {
    TABLES.put("projects", Policy.COPY);
    TABLES.put("versions", Policy.COPY);
    TABLES.put("tokens", Policy.COPY);
    TABLES.put("users", Policy.COPY);
    TABLES.put("forget_requests", Policy.COPY);
    TABLES.put("installs", Policy.COPY);
    TABLES.put("install_tokens", Policy.COPY);
    TABLES.put("authorization_codes", Policy.COPY);
    TABLES.put("version_sources", Policy.COPY);
    TABLES.put("version_source_entries", Policy.COPY);
    TABLES.put("release_titles", Policy.COPY);
    TABLES.put("releases", Policy.COPY);
    TABLES.put("blob_readers", Policy.COPY);
    TABLES.put("release_downloads", Policy.COPY);
    TABLES.put("changes", Policy.COPY);
    TABLES.put("change_clock", Policy.REPLACE);
    TABLES.put("server_secrets", Policy.COPY);
    TABLES.put("alert_rules", Policy.COPY);
    TABLES.put("alerts", Policy.COPY);
    TABLES.put("alert_deliveries", Policy.COPY);
    TABLES.put(EVENTS, Policy.COPY);
    TABLES.put("rollup_counts", Policy.COPY);
    TABLES.put("rollup_users", Policy.COPY);
    TABLES.put("rollup_months", Policy.COPY);
    TABLES.put("rollup_hours", Policy.COPY);
    TABLES.put("rollup_seals", Policy.COPY);
    TABLES.put("rollup_state", Policy.REPLACE);
    TABLES.put("flyway_schema_history", Policy.SKIP);
  }

  private MigrationTables() {}

  /**
   * The tables to copy, in order, for a source with these tables; SQLite's own ({@code sqlite_*})
   * are ignored.
   *
   * @throws StoreException naming every source table this list does not know
   */
  static List<Table> plan(List<String> sourceTables) {
    List<String> unknown =
        sourceTables.stream()
            .filter(t -> !t.startsWith("sqlite_") && !TABLES.containsKey(t))
            .sorted()
            .toList();
    if (!unknown.isEmpty()) {
      throw new StoreException(
          "the source has "
              + (unknown.size() == 1 ? "a table" : "tables")
              + " that this upkeep does not know how to migrate: "
              + String.join(", ", unknown)
              + "; it was made by a newer upkeep, or by hand: migrate with the upkeep version that"
              + " made it",
          null);
    }
    return TABLES.entrySet().stream()
        .filter(e -> e.getValue() != Policy.SKIP && sourceTables.contains(e.getKey()))
        .map(e -> new Table(e.getKey(), e.getValue()))
        .toList();
  }
}
