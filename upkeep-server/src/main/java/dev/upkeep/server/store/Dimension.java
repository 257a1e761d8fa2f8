package dev.upkeep.server.store;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a usage breakdown groups by. Every dimension but {@link #DAY} is kept in the rollups; a
 * missing value (no language version, no error type) is the bucket {@value #UNKNOWN}.
 */
public enum Dimension {
  /** UTC calendar day, keys {@code YYYY-MM-DD}; every day of the range, zeros included. */
  DAY,
  /** The project's version. */
  VERSION,
  /** The platform, e.g. {@code linux}. */
  PLATFORM,
  /** The container, e.g. {@code docker}, or {@code unknown}. */
  CONTAINER,
  /** Whether the event came from a CI service: keys {@code true} and {@code false}. */
  CI,
  /** The run status: R, C, F, S. */
  STATUS,
  /** The host language's version, e.g. {@code 3.12.1}. */
  LANGUAGE_VERSION,
  /** The error type of failed events (status F); other events are not in any bucket. */
  ERROR_TYPE,
  /**
   * The version and error type of failed events (status F), keys as {@link VersionErrorType#key()}
   * writes them; other events are not in any bucket. What is new in a release is read here.
   */
  VERSION_ERROR_TYPE;

  /** The bucket of a missing value: {@value}. */
  public static final String UNKNOWN = "unknown";

  private static final String NAMES =
      Arrays.stream(values()).map(Dimension::id).collect(Collectors.joining(", "));

  /**
   * Parses a dimension's {@link #id()}, e.g. {@code version} or {@code language_version} (any
   * case).
   *
   * @throws IllegalArgumentException naming {@code by} and the accepted values
   */
  public static Dimension parse(String name) {
    try {
      return valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("by must be one of " + NAMES + ", was \"" + name + "\"");
    }
  }

  /** The lower-case name used by the API and the rollup tables, e.g. {@code language_version}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
