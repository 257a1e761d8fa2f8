package dev.upkeep.server.store;

import java.util.Objects;

/**
 * A bucket of {@link Dimension#VERSION_ERROR_TYPE}: a version and the error type of its failed
 * runs. Its key is {@code <n>:<version> <errorType>}, {@code n} being the version's length in
 * characters (code points), so that any version, spaces and colons included, splits back exactly:
 * {@code 5:2.8.0 ValueError}.
 *
 * @param version the project's version
 * @param errorType the error type, {@link Dimension#UNKNOWN} when the run gave none
 */
public record VersionErrorType(String version, String errorType) {
  public VersionErrorType {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(errorType, "errorType");
  }

  /** This bucket's key, e.g. {@code 5:2.8.0 ValueError}. */
  public String key() {
    return version.codePointCount(0, version.length()) + ":" + version + " " + errorType;
  }

  /**
   * Splits a key {@link #key()} wrote.
   *
   * @throws IllegalArgumentException when {@code key} is not one, naming it
   */
  public static VersionErrorType parse(String key) {
    int colon = key.indexOf(':');
    try {
      int n = Integer.parseInt(key.substring(0, colon));
      int end = key.offsetByCodePoints(colon + 1, n);
      if (end < key.length() && key.charAt(end) == ' ') {
        return new VersionErrorType(key.substring(colon + 1, end), key.substring(end + 1));
      }
    } catch (RuntimeException e) {
      // not a key: reported below
    }
    throw new IllegalArgumentException(
        "not a version_error_type key (<length>:<version> <error_type>): \"" + key + "\"");
  }
}
