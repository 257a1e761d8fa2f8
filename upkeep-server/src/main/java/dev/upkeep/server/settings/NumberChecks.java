package dev.upkeep.server.settings;

/**
 * The range checks of numeric settings, each naming the setting in its exception: {@code "max-batch
 * must be positive, was 0"}. Stateless, thread-safe.
 */
public final class NumberChecks {
  private NumberChecks() {}

  /**
   * {@code value} when it is above 0.
   *
   * @throws IllegalArgumentException {@code "NAME must be positive, was VALUE"} otherwise
   */
  public static int positive(String name, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive, was " + value);
    }
    return value;
  }

  /**
   * {@code value} when it is 0 (off) or above.
   *
   * @throws IllegalArgumentException {@code "NAME must be 0 (off) or positive, was VALUE"}
   *     otherwise
   */
  public static long notNegative(String name, long value) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must be 0 (off) or positive, was " + value);
    }
    return value;
  }

  /** As {@link #notNegative(String, long)}, for an {@code int}. */
  public static int notNegative(String name, int value) {
    return (int) notNegative(name, (long) value);
  }
}
