package dev.upkeep.server.store.jdbc;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What a {@link StoreMigration} run did.
 *
 * @param outcome what the run did
 * @param resumed whether the copy continued a migration begun by an earlier run
 * @param rowsCopied rows copied by this run (0 unless {@link Outcome#COPIED})
 * @param copyTime time spent copying, sequences included
 * @param copiedAt when the copy completed (this run or an earlier one); empty if it has not
 * @param verification what comparing both sides found; empty for {@link Outcome#ALREADY_COMPLETE}
 */
public record MigrationResult(
    Outcome outcome,
    boolean resumed,
    long rowsCopied,
    Duration copyTime,
    Optional<Instant> copiedAt,
    Optional<Verification> verification) {
  /** What a run did. */
  public enum Outcome {
    /** Copied every row left to copy, then verified. */
    COPIED,
    /** Found the migration complete already: copied and verified nothing. */
    ALREADY_COMPLETE,
    /** Verified only ({@link StoreMigration#verify}). */
    VERIFIED
  }

  static MigrationResult copied(
      boolean resumed, long rows, Duration took, Instant at, Verification v) {
    return new MigrationResult(
        Outcome.COPIED, resumed, rows, took, Optional.of(at), Optional.of(v));
  }

  static MigrationResult alreadyComplete(Instant at) {
    return new MigrationResult(
        Outcome.ALREADY_COMPLETE, false, 0, Duration.ZERO, Optional.of(at), Optional.empty());
  }

  static MigrationResult verified(Optional<Instant> copiedAt, Verification v) {
    return new MigrationResult(Outcome.VERIFIED, false, 0, Duration.ZERO, copiedAt, Optional.of(v));
  }

  /** Whether the run found nothing wrong: no verification, or one that matched. */
  public boolean ok() {
    return verification.map(Verification::matches).orElse(true);
  }
}
