package dev.upkeep.server.ingest;

import java.util.Locale;

/** Who ran the software, as migas classifies it. Stored by lower-case name. */
public enum UserType {
  GENERAL,
  DEV,
  CI;

  /** The stored and wire name: {@code general}, {@code dev} or {@code ci}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a wire name.
   *
   * @throws IllegalArgumentException for anything but general, dev and ci
   */
  public static UserType fromWire(String name) {
    return switch (name) {
      case "general" -> GENERAL;
      case "dev" -> DEV;
      case "ci" -> CI;
      default ->
          throw new IllegalArgumentException(
              "user_type must be one of general, dev, ci, was \"" + name + "\"");
    };
  }
}
