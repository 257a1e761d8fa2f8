package dev.upkeep.server.store;

import java.util.List;

/**
 * Revisions of the state that collectors keep in memory, so that collectors sharing one database
 * drop what another one changed. Every store method that changes such state (see {@link
 * ChangeTopic}) records the change in its own transaction with the next revision; revisions are
 * visible to readers in increasing order, so a reader that has seen revision {@code r} learns of
 * every later change by asking {@link #since since(r)}, however long it was away. Thread-safe.
 */
public interface ChangeLog {
  /** The revision of the newest change committed so far; 0 before the first. */
  long head();

  /**
   * What changed after a revision: for each topic and project changed since, its newest change,
   * oldest first. Changes of topics this collector does not know are left out.
   */
  List<Change> since(long revision);
}
