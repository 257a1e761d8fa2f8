package dev.upkeep.client;

/** A usage count as migas' {@code get_usage} answers it. Immutable. */
public final class UsageCount {
  private final boolean success;
  private final long hits;
  private final boolean unique;
  private final String message;

  UsageCount(boolean success, long hits, boolean unique, String message) {
    this.success = success;
    this.hits = hits;
    this.unique = unique;
    this.message = message == null ? "" : message;
  }

  static UsageCount failure(String message) {
    return new UsageCount(false, 0, false, message);
  }

  /** False when the server could not be asked or does not track the project. */
  public boolean success() {
    return success;
  }

  /** Breadcrumbs in the range, or distinct users when {@link #unique()}. */
  public long hits() {
    return hits;
  }

  public boolean unique() {
    return unique;
  }

  /** Why the count failed, or empty. */
  public String message() {
    return message;
  }

  @Override
  public String toString() {
    return success ? hits + (unique ? " users" : " hits") : "usage failed: " + message;
  }
}
