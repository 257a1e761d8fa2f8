package dev.upkeep.server.store.jdbc;

import dev.upkeep.server.store.Dimension;
import dev.upkeep.server.store.VersionErrorType;
import java.util.List;

/**
 * Which bucket of each rollup dimension an event falls in, written once for both ways of asking:
 * from an event's values (ingest and rebuild) and as SQL over the raw {@code events} table aliased
 * {@code e} (the partial days of a query, and the tests' reference counts).
 */
final class RollupBuckets {
  /** The {@code dim} of the rows that count every event of a day: {@value}. */
  static final String TOTAL = "total";

  /** The dimensions kept in the rollups (every one but {@link Dimension#DAY}), in write order. */
  static final List<Dimension> KEPT =
      List.of(
          Dimension.VERSION,
          Dimension.PLATFORM,
          Dimension.CONTAINER,
          Dimension.CI,
          Dimension.STATUS,
          Dimension.LANGUAGE_VERSION,
          Dimension.ERROR_TYPE,
          Dimension.VERSION_ERROR_TYPE);

  /** Every {@code dim} of the rollup rows: {@link #TOTAL}, then the ids of {@link #KEPT}. */
  static final List<String> DIMS =
      java.util.stream.Stream.concat(
              java.util.stream.Stream.of(TOTAL), KEPT.stream().map(Dimension::id))
          .toList();

  private RollupBuckets() {}

  /** Whether an event of this one-letter status ends a tracked run (C, F or S). */
  static boolean isRun(String status) {
    return "C".equals(status) || "F".equals(status) || "S".equals(status);
  }

  /** Whether an event of this one-letter status ends a tracked run that failed (F). */
  static boolean isFailure(String status) {
    return "F".equals(status);
  }

  /**
   * The bucket of an event in {@code dim}, or null when the event is in none (error type of an
   * event that did not fail).
   */
  static String bucket(
      Dimension dim,
      String version,
      String platform,
      String container,
      boolean ci,
      String status,
      String languageVersion,
      String errorType) {
    return switch (dim) {
      case VERSION -> version;
      case PLATFORM -> platform;
      case CONTAINER -> container;
      case CI -> ci ? "true" : "false";
      case STATUS -> status;
      case LANGUAGE_VERSION -> languageVersion == null ? Dimension.UNKNOWN : languageVersion;
      case ERROR_TYPE -> isFailure(status) ? errorType(errorType) : null;
      case VERSION_ERROR_TYPE ->
          isFailure(status) ? new VersionErrorType(version, errorType(errorType)).key() : null;
      case DAY -> throw new IllegalArgumentException("day is not a rollup dimension");
    };
  }

  private static String errorType(String errorType) {
    return errorType == null ? Dimension.UNKNOWN : errorType;
  }

  /** SQL of an event's bucket in {@code dim} over {@code events e}; see {@link #sqlCondition}. */
  static String sql(Dimension dim) {
    return switch (dim) {
      case VERSION -> "e.version";
      case PLATFORM -> "e.platform";
      case CONTAINER -> "e.container";
      case CI -> "CASE WHEN e.is_ci <> 0 THEN 'true' ELSE 'false' END";
      case STATUS -> "e.status";
      case LANGUAGE_VERSION -> "COALESCE(e.language_version, '" + Dimension.UNKNOWN + "')";
      case ERROR_TYPE -> "COALESCE(e.error_type, '" + Dimension.UNKNOWN + "')";
      // VersionErrorType.key(): LENGTH counts characters on both databases, as codePointCount
      case VERSION_ERROR_TYPE ->
          "LENGTH(e.version) || ':' || e.version || ' ' || COALESCE(e.error_type, '"
              + Dimension.UNKNOWN
              + "')";
      case DAY -> "e.day";
    };
  }

  /**
   * SQL ({@code " AND ..."} or empty) keeping only the events that have a bucket in {@code dim}.
   */
  static String sqlCondition(Dimension dim) {
    return dim == Dimension.ERROR_TYPE || dim == Dimension.VERSION_ERROR_TYPE
        ? " AND e.status = 'F'"
        : "";
  }

  /** SQL that is 1 for an event ending a tracked run, else 0. */
  static final String SQL_RUN = "CASE WHEN e.status IN ('C', 'F', 'S') THEN 1 ELSE 0 END";

  /** SQL that is 1 for an event ending a failed tracked run, else 0. */
  static final String SQL_FAILURE = "CASE WHEN e.status = 'F' THEN 1 ELSE 0 END";
}
