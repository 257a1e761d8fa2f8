package dev.upkeep.client;

/**
 * The server's answer to "is there a newer version, is mine flagged", as migas' {@code
 * check_project} gives it. Immutable.
 */
public final class ProjectCheck {
  private final boolean success;
  private final String latest;
  private final boolean flagged;
  private final String message;

  ProjectCheck(boolean success, String latest, boolean flagged, String message) {
    this.success = success;
    this.latest = latest;
    this.flagged = flagged;
    this.message = message == null ? "" : message;
  }

  static ProjectCheck failure(String message) {
    return new ProjectCheck(false, null, false, message);
  }

  /** False when the server could not be asked or refused; {@link #message()} says why. */
  public boolean success() {
    return success;
  }

  /** The newest version, or null when unknown. */
  public String latest() {
    return latest;
  }

  /** Whether the asked version is flagged as bad. */
  public boolean flagged() {
    return flagged;
  }

  /** Why the version is flagged and what to upgrade to, or why the check failed; never null. */
  public String message() {
    return message;
  }

  @Override
  public String toString() {
    return success
        ? "latest " + latest + (flagged ? ", flagged: " + message : "")
        : "check failed: " + message;
  }
}
