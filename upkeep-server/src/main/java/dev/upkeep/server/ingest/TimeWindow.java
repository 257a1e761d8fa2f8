package dev.upkeep.server.ingest;

import java.time.Duration;
import java.time.Instant;

/**
 * The instants the collector accepts, one rule for every protocol.
 *
 * <ul>
 *   <li><b>Event times</b> (v1 {@code timestamp}, otumat {@code event_date}, usagestats {@code
 *       date}) must lie from {@value #EARLIEST_EVENT_TEXT} to {@link #FUTURE_SLACK one day} after
 *       the server's clock, both included. A time in the future inside that day is stored as the
 *       server's time (clocks drift); anything outside is refused for that event alone, naming the
 *       field. So no stored event has a time that no query can reach, and no date arithmetic can
 *       overflow ({@code -999999999-01-01} once answered 500 with a {@code long overflow}).
 *   <li><b>Query bounds</b> (v1 usage {@code from}/{@code to}, GraphQL {@code get_usage} {@code
 *       start}/{@code end}) must lie from {@value #EARLIEST_QUERY_TEXT} to {@value
 *       #LATEST_QUERY_TEXT}; a bound outside is a 400 (a GraphQL error) naming the parameter.
 *       Bounds wider than the stored events are harmless, so this window is wider.
 * </ul>
 *
 * Stateless, thread-safe; the clock's instant is passed in by the caller.
 */
public final class TimeWindow {
  /** The earliest event time, as text: {@value}. */
  public static final String EARLIEST_EVENT_TEXT = "1970-01-01T00:00:00Z";

  /** The earliest event time accepted: the Unix epoch. */
  public static final Instant EARLIEST_EVENT = Instant.parse(EARLIEST_EVENT_TEXT);

  /** How far after the server's clock an event time may be: one day. */
  public static final Duration FUTURE_SLACK = Duration.ofDays(1);

  /** The earliest query bound, as text: {@value}. */
  public static final String EARLIEST_QUERY_TEXT = "0001-01-01T00:00:00Z";

  /** The latest query bound, as text: {@value}. */
  public static final String LATEST_QUERY_TEXT = "9999-12-31T23:59:59.999999999Z";

  private static final Instant EARLIEST_QUERY = Instant.parse(EARLIEST_QUERY_TEXT);
  private static final Instant LATEST_QUERY = Instant.parse(LATEST_QUERY_TEXT);

  private TimeWindow() {}

  /**
   * Checks an event time against the server's clock.
   *
   * @return null when {@code at} is inside the window, else a sentence fragment for the field, e.g.
   *     {@code must be from 1970-01-01T00:00:00Z to 2026-03-02T12:00:00Z (one day after the
   *     server's clock), was -999999999-01-01T00:00:00Z}
   */
  public static String checkEvent(Instant at, Instant now) {
    Instant latest = now.plus(FUTURE_SLACK);
    if (!at.isBefore(EARLIEST_EVENT) && !at.isAfter(latest)) {
      return null;
    }
    return "must be from "
        + EARLIEST_EVENT_TEXT
        + " to "
        + latest
        + " (one day after the server's clock), was "
        + at;
  }

  /** An event time as stored: {@code at}, or {@code now} when {@code at} is later. */
  public static Instant stored(Instant at, Instant now) {
    return at.isAfter(now) ? now : at;
  }

  /**
   * Whether a query bound is inside {@value #EARLIEST_QUERY_TEXT} .. {@value #LATEST_QUERY_TEXT}.
   */
  public static boolean isQueryBound(Instant at) {
    return !at.isBefore(EARLIEST_QUERY) && !at.isAfter(LATEST_QUERY);
  }
}
