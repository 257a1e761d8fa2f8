package dev.upkeep.server.api.v1;

import dev.upkeep.server.http.ApiException;
import dev.upkeep.server.ingest.TimeWindow;
import dev.upkeep.server.ingest.UsageEvent;
import dev.upkeep.server.store.Dimension;
import dev.upkeep.server.store.Metric;
import dev.upkeep.server.store.UsageQuestion;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.function.Function;

/**
 * The query parameters of {@code GET /v1/projects/{owner}/{name}/usage}, validated: every problem
 * is an {@link ApiException} 400 naming the parameter.
 *
 * @param from first instant included ({@code from})
 * @param to last instant included ({@code to}, default now)
 * @param kind the events' kind ({@code kind}, default {@code breadcrumb})
 * @param metric {@code metric} (default hits; {@code unique=true} means users)
 * @param by the breakdown ({@code by}), or null for none
 * @param overDays whether each bucket gets its daily series ({@code over=day})
 */
record UsageQuery(
    Instant from, Instant to, String kind, Metric metric, Dimension by, boolean overDays) {
  /** Most days a daily answer ({@code by=day} or {@code over=day}) may cover: {@value}. */
  static final long MAX_SERIES_DAYS = 3660;

  /** Longest {@code from} or {@code to} read: {@value} characters. */
  static final int MAX_TIME_LENGTH = 64;

  /**
   * Reads the parameters.
   *
   * @param param the value of a query parameter, or null when absent
   * @param clock gives {@code to} when absent
   */
  static UsageQuery parse(Function<String, String> param, Clock clock) {
    String fromText = param.apply("from");
    if (fromText == null || fromText.isBlank()) {
      throw ApiException.badRequest("Query parameter \"from\" is required.");
    }
    Instant from = instant("from", fromText);
    String toText = param.apply("to");
    Instant to = toText == null ? clock.instant() : instant("to", toText);
    if (to.isBefore(from)) {
      throw ApiException.badRequest("\"to\" (" + to + ") is before \"from\" (" + from + ").");
    }
    String kind = param.apply("kind");
    if (kind == null) {
      kind = UsageEvent.BREADCRUMB;
    } else if (kind.isBlank()) {
      throw ApiException.badRequest("Query parameter \"kind\" must not be empty.");
    }
    Metric metric = metric(param.apply("metric"), "true".equalsIgnoreCase(param.apply("unique")));
    Dimension by = null;
    String byText = param.apply("by");
    if (byText != null) {
      try {
        by = Dimension.parse(byText);
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest(e.getMessage());
      }
    }
    String over = param.apply("over");
    boolean overDays = false;
    if (over != null) {
      if (!over.equals("day")) {
        throw ApiException.badRequest("over must be day, was \"" + over + "\"");
      }
      if (by == null || by == Dimension.DAY) {
        throw ApiException.badRequest(
            "over=day needs by with a dimension other than day, e.g. by=version");
      }
      overDays = true;
    }
    long days = Duration.between(from, to).toDays() + 1;
    if ((by == Dimension.DAY || overDays) && days > MAX_SERIES_DAYS) {
      throw ApiException.badRequest(
          (overDays ? "over=day" : "by=day")
              + " covers at most "
              + MAX_SERIES_DAYS
              + " days; narrow \"from\" and \"to\" (they span "
              + days
              + ").");
    }
    return new UsageQuery(from, to, kind, metric, by, overDays);
  }

  /** This query as a store question. */
  /**
   * Whether this asks only what a project whose counts are public ({@link
   * dev.upkeep.server.store.Visibility#COUNTS_PUBLIC}) shows anyone: hits or users, in total or per
   * day; not runs, no other breakdown and no daily series per bucket.
   */
  boolean countsOnly() {
    return (metric == Metric.HITS || metric == Metric.USERS)
        && (by == null || by == Dimension.DAY)
        && !overDays;
  }

  UsageQuestion question() {
    return new UsageQuestion(kind, metric, by, overDays);
  }

  private static Metric metric(String text, boolean unique) {
    if (text == null) {
      return unique ? Metric.USERS : Metric.HITS;
    }
    Metric m;
    try {
      m = Metric.parse(text);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
    if (unique && m != Metric.USERS) {
      throw ApiException.badRequest(
          "unique=true means metric=users and cannot go with metric=" + m.id());
    }
    return m;
  }

  /** {@code YYYY-MM-DD} (00:00 UTC) or an ISO-8601 date-time with offset. */
  static Instant instant(String param, String text) {
    if (text.length() > MAX_TIME_LENGTH) {
      throw ApiException.badRequest(
          "Query parameter \""
              + param
              + "\" must be at most "
              + MAX_TIME_LENGTH
              + " characters, was "
              + text.length()
              + ".");
    }
    try {
      Instant at =
          text.length() == 10
              ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant()
              : OffsetDateTime.parse(text).toInstant();
      if (!TimeWindow.isQueryBound(at)) {
        throw ApiException.badRequest(
            "Query parameter \""
                + param
                + "\" must be between the years 1 and 9999, was \""
                + text
                + "\".");
      }
      return at;
    } catch (DateTimeParseException e) {
      throw ApiException.badRequest(
          "Query parameter \""
              + param
              + "\" must be YYYY-MM-DD or an ISO-8601 time such as 2024-02-01T00:00:00Z, was \""
              + text
              + "\".");
    }
  }
}
