package dev.upkeep.server.alerts;

import dev.upkeep.server.releasehealth.FailureRate;
import java.util.Locale;

/** Rates as alerts write them for people: {@code 12.5%}, {@code 12.5% (9.3–16.4%)}. Stateless. */
final class Percent {
  private Percent() {}

  /** A share from 0 to 1 as a percentage with one decimal, e.g. {@code 12.5%}. */
  static String of(double share) {
    return String.format(Locale.ROOT, "%.1f%%", share * 100);
  }

  /** A failure rate with its 95 % interval, e.g. {@code 10.0% (7.4–13.3%)}. */
  static String withInterval(FailureRate r) {
    FailureRate.Interval i = r.interval();
    return of(r.estimate())
        + String.format(Locale.ROOT, " (%.1f–%.1f%%)", i.lower() * 100, i.upper() * 100);
  }
}
