package dev.upkeep.server.store;

import dev.upkeep.server.ingest.UsageEvent;
import java.time.Instant;
import java.util.List;

/**
 * What the store holds about one person, for the operator who must answer for it: everything stored
 * under a user id, read back for an export (the GDPR's right of access) or removed (the right to
 * erasure). Thread-safe.
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

  /**
   * What {@link #forget} removed.
   *
   * @param events events deleted
   * @param users users rows deleted (one per project the user was seen in)
   * @param days days of a project and kind whose rollups were recomputed
   */
  record Forgotten(long events, long users, int days) {}

  /**
   * Removes everything stored under {@code userId}, in one transaction: its events, its users rows
   * (and with them the link from the id to its ordinal in the rollups' bitmaps), and its
   * contribution to every rollup: the days it had events on are summed again from the events left,
   * their hour and month rollups are dropped to be summed again. Every usage answer afterwards
   * equals counting the events left. On SQLite the deleted rows' bytes are overwritten ({@code
   * secure_delete}) and the write-ahead log is checkpointed and truncated, so the id is in neither
   * file; on PostgreSQL the deleted rows stay on disk until the table is vacuumed.
   *
   * <p>It records a {@link ChangeTopic#USERS} change of each project touched, so that the other
   * collectors on the same database drop their cached ordinals and bitmaps ({@link
   * EventStore#dropCaches}) when they next read the change log (about a second); an event of that
   * user id one of them stores before that is counted under the old ordinal.
   *
   * @param projectId only this project's, or null for every project
   * @throws StoreException when the store failed; nothing was removed
   */
  Forgotten forget(String userId, Long projectId);

  /**
   * A person's own request to be forgotten in one project, as their client sends it when they turn
   * telemetry off ({@code POST /v1/projects/{owner}/{name}/forget}).
   *
   * @param projectId the project
   * @param userId the user id the client sent events under, 1 to 64 characters
   * @param requestedAt when the collector accepted it
   */
  record ForgetRequest(long projectId, String userId, Instant requestedAt) {}

  /** What {@link #requestForget} did with a request. */
  enum Queued {
    /** Queued now. */
    NEW,
    /** The same user's request for that project was already waiting: nothing changed. */
    ALREADY,
    /** {@link #MAX_FORGET_REQUESTS} are waiting: refused, to be asked again later. */
    FULL
  }

  /** Most requests waiting at once, over every project: {@value}. */
  int MAX_FORGET_REQUESTS = 10_000;

  /**
   * Queues a request to forget a user in a project, to be carried out by {@link #forgetRequested}
   * (forgetting reads every event of the project, so it is not done while the client waits). Until
   * then the user id is kept in the queue beside its events.
   *
   * @throws StoreException when the store failed; nothing was queued
   */
  Queued requestForget(ForgetRequest request);

  /**
   * What {@link #forgetRequested} did.
   *
   * @param requests the requests carried out, now deleted from the queue, by project
   * @param removed what they removed together
   */
  record RequestsDone(List<ForgetRequest> requests, Forgotten removed) {}

  /**
   * Carries out every queued request ({@link #requestForget}) as {@link #forget} does, one
   * transaction per project: one pass over the project's events finds the days of all its
   * requesting users, and the requests are deleted with what they asked to remove. Requests of
   * another collector on the same database running it at the same time are carried out once.
   *
   * @throws StoreException when the store failed; the project being worked on keeps its requests,
   *     projects done before it stay done
   */
  RequestsDone forgetRequested();

  /**
   * What {@link #prune} removed.
   *
   * @param events events deleted
   * @param users users rows deleted: users with no event left in the project
   */
  record Pruned(long events, long users) {}

  /**
   * Removes a project's events of the UTC days before {@code beforeDay} (retention), in one
   * transaction, and their contribution to every rollup exactly: those days' daily and hour rollups
   * and the month rollups of the months they are in are deleted (the month {@code beforeDay} falls
   * in is summed again by the collector), and so are the users rows of users left without an event.
   * Every usage answer afterwards equals counting the events left. Erases on SQLite and records the
   * change as {@link #forget} does. Nothing to prune costs one index probe.
   *
   * @param beforeDay the first UTC epoch day kept
   * @throws StoreException when the store failed; nothing was removed
   */
  Pruned prune(long projectId, int beforeDay);
}
