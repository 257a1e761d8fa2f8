package dev.upkeep.server.store;

import dev.upkeep.server.ingest.UsageEvent;

/**
 * What the store holds about one person, for the operator who must answer for it: everything stored
 * under a user id, read back for an export (the GDPR's right of access). Thread-safe.
 */
public interface PrivacyStore {
  /** What an export is handed, in order: every users row first, then every event. */
  interface UserData {
    /** One project the user was seen in, with what was kept of its first event. */
    void user(StoredUser user);

    /** One stored event of the user, as it was stored (its project by id). */
    void event(UsageEvent event);
  }

  /**
   * Hands everything stored under {@code userId} to {@code out} in one read transaction: its users
   * rows (by project name), then its events (by project name, oldest first). Reads every event of
   * the projects asked (there is no index by user), so it takes about as long as a raw count over
   * them.
   *
   * @param projectId only this project's, or null for every project
   * @return the number of events handed over
   * @throws StoreException when the store failed; what was handed over stands
   */
  long export(String userId, Long projectId, UserData out);
}
