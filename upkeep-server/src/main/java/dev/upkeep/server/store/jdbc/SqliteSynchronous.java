package dev.upkeep.server.store.jdbc;

import java.util.Locale;

/**
 * SQLite's {@code synchronous} pragma for the embedded store: how often a commit waits for the
 * disk. {@code upkeep serve} takes {@link #FULL} (the default) or {@link #NORMAL} ({@code
 * sqlite-synchronous}); {@link #OFF} is only for a store whose loss costs nothing ({@code upkeep
 * demo}).
 */
public enum SqliteSynchronous {
  /** No fsync: a crash of the machine can lose or damage the file; for demo data only. */
  OFF,
  /** The WAL is synced at checkpoints: survives a crash of the process, not a power loss. */
  NORMAL,
  /** The WAL is synced at every commit: survives a power loss (the default). */
  FULL;

  /**
   * The mode a collector may run with, case-insensitive: {@code FULL} or {@code NORMAL}.
   *
   * @throws IllegalArgumentException for anything else, naming {@code sqlite-synchronous}
   */
  public static SqliteSynchronous parse(String mode) {
    String m = mode.toUpperCase(Locale.ROOT);
    if (!m.equals(FULL.name()) && !m.equals(NORMAL.name())) {
      throw new IllegalArgumentException("sqlite-synchronous must be FULL or NORMAL, was " + mode);
    }
    return valueOf(m);
  }
}
