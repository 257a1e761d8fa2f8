package dev.upkeep.server.store;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * A stored alert: what a rule found for one version.
 *
 * @param id its id, unique in the store
 * @param ruleId the rule that fired it
 * @param projectId the project
 * @param version the version, {@code ""} for a rule of the whole project
 * @param state firing, acknowledged or resolved
 * @param firedAt when it fired
 * @param ackedAt when a maintainer acknowledged it, or null
 * @param resolvedAt when its rule stopped holding, or null
 * @param summary one line for people
 * @param evidence JSON: the counts, rates, intervals and error types it fired on
 * @param flagReason the reason its rule flagged the version with, or null when it did not
 */
public record AlertRecord(
    long id,
    long ruleId,
    long projectId,
    String version,
    State state,
    Instant firedAt,
    Instant ackedAt,
    Instant resolvedAt,
    String summary,
    String evidence,
    String flagReason) {
  public AlertRecord {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(state, "state");
  }

  /** Where an alert is in its life. */
  public enum State {
    /** Its rule holds and nobody acknowledged it. */
    FIRING,
    /** Its rule holds and a maintainer acknowledged it: it does not fire again. */
    ACKNOWLEDGED,
    /** Its rule no longer holds. */
    RESOLVED;

    /** The lower-case name the store and the API use, e.g. {@code firing}. */
    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@link #id()}. */
    public static State of(String id) {
      return valueOf(id.toUpperCase(Locale.ROOT));
    }
  }
}
