package dev.upkeep.protocol;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;

/**
 * Parses ISO-8601 timestamps. The common shape {@code yyyy-MM-ddTHH:mm:ss[.fraction](Z|±HH:mm)} is
 * decoded by hand, which is much faster than {@link java.time.format.DateTimeFormatter}; anything
 * else goes to {@link OffsetDateTime#parse} and then {@link Instant#parse}. Stateless.
 */
final class Timestamps {

  private static final int[] SCALE = {
    1, 100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1
  };

  private Timestamps() {}

  /** Returns the instant, or {@code null} if {@code s} is not an ISO-8601 timestamp. */
  static Instant parse(String s) {
    Instant fast = parseFast(s);
    if (fast != null) {
      return fast;
    }
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeException e) {
      try {
        return Instant.parse(s);
      } catch (DateTimeException e2) {
        return null;
      }
    }
  }

  private static Instant parseFast(String s) {
    int n = s.length();
    if (n < 20
        || s.charAt(4) != '-'
        || s.charAt(7) != '-'
        || s.charAt(10) != 'T'
        || s.charAt(13) != ':'
        || s.charAt(16) != ':') {
      return null;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 7);
    int day = digits(s, 8, 10);
    int hour = digits(s, 11, 13);
    int minute = digits(s, 14, 16);
    int second = digits(s, 17, 19);
    if (year < 0 || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59) {
      return null;
    }
    if (hour < 0 || minute < 0 || second < 0 || second > 59) {
      return null;
    }
    int i = 19;
    int nanos = 0;
    if (s.charAt(i) == '.') {
      int start = ++i;
      while (i < n && i - start < 9 && isDigit(s.charAt(i))) {
        nanos = nanos * 10 + (s.charAt(i) - '0');
        i++;
      }
      if (i == start || (i < n && isDigit(s.charAt(i)))) {
        return null;
      }
      nanos *= SCALE[i - start];
    }
    int offsetSeconds;
    if (i == n - 1 && s.charAt(i) == 'Z') {
      offsetSeconds = 0;
    } else if (i == n - 6 && (s.charAt(i) == '+' || s.charAt(i) == '-') && s.charAt(i + 3) == ':') {
      int oh = digits(s, i + 1, i + 3);
      int om = digits(s, i + 4, i + 6);
      if (oh < 0 || oh > 17 || om < 0 || om > 59) {
        return null;
      }
      offsetSeconds = (oh * 3600 + om * 60) * (s.charAt(i) == '-' ? -1 : 1);
    } else {
      return null;
    }
    long epochDay;
    try {
      epochDay = LocalDate.of(year, month, day).toEpochDay();
    } catch (DateTimeException e) {
      return null;
    }
    long seconds = epochDay * 86_400L + hour * 3600 + minute * 60 + second - offsetSeconds;
    return Instant.ofEpochSecond(seconds, nanos);
  }

  private static int digits(String s, int from, int to) {
    int value = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (!isDigit(c)) {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
