package dev.upkeep.client;

/**
 * How {@link UpkeepClient#enroll} ended: enrolled with an install id, or not, with a reason a
 * person can read (denied on the consent page, timed out, server unreachable, opted out, ...).
 * Immutable.
 */
public final class EnrollmentResult {
  private final boolean enrolled;
  private final String installId;
  private final String reason;

  private EnrollmentResult(boolean enrolled, String installId, String reason) {
    this.enrolled = enrolled;
    this.installId = installId;
    this.reason = reason;
  }

  static EnrollmentResult enrolled(String installId) {
    return new EnrollmentResult(true, installId, "enrolled as install " + installId);
  }

  static EnrollmentResult failed(String reason) {
    return new EnrollmentResult(false, null, reason);
  }

  /** Whether the install is enrolled and uploads are on. */
  public boolean enrolled() {
    return enrolled;
  }

  /** The server's id for this install, or null when not enrolled. */
  public String installId() {
    return installId;
  }

  /** What happened, e.g. {@code denied on the consent page}. */
  public String reason() {
    return reason;
  }

  @Override
  public String toString() {
    return reason;
  }
}
