package dev.upkeep.server.ingest;

/**
 * Status of the process that sent a breadcrumb, as migas defines it: running, completed, failed,
 * suspended. Stored as its one-letter name.
 */
public enum RunStatus {
  /** Running (the default, and a tracked run's first crumb). */
  R,
  /** Completed. */
  C,
  /** Failed; {@code error_type} and {@code error_desc} say how. */
  F,
  /** Suspended or terminated by a signal. */
  S
}
