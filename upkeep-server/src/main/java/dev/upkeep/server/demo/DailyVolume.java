package dev.upkeep.server.demo;

import java.time.LocalDate;
import java.time.MonthDay;
import java.util.SplittableRandom;

/**
 * How many events a demo project gets on each day: its {@link Growth} trend times weekly
 * seasonality (people run a little more mid-week, less than half as much at weekends; CI a quarter
 * less at weekends), a holiday dip from 24 December to 1 January, and day-to-day log-normal noise
 * (sigma {@value #NOISE}); the last day is cut to the part of it inside the range. The counts add
 * up to the project's events exactly.
 */
final class DailyVolume {
  /** Sigma of the day-to-day noise: {@value}. */
  static final double NOISE = 0.12;

  /** People's relative usage Monday to Sunday. */
  static final double[] PEOPLE_WEEK = {1.0, 1.05, 1.05, 1.0, 0.88, 0.42, 0.38};

  /** CI's relative usage Monday to Sunday. */
  static final double[] CI_WEEK = {1.0, 1.0, 1.0, 1.0, 1.0, 0.75, 0.75};

  private static final MonthDay HOLIDAY_START = MonthDay.of(12, 24);
  private static final MonthDay HOLIDAY_END = MonthDay.of(1, 1);

  private DailyVolume() {}

  /**
   * Events per day of the range.
   *
   * @param first the date of day 0
   * @param lastDayFraction the part of the last day inside the range, in (0, 1]
   */
  static long[] of(
      ProjectPlan p, int days, LocalDate first, double lastDayFraction, SplittableRandom r) {
    double ciEvents = p.ciShare();
    double[] w = new double[days];
    for (int d = 0; d < days; d++) {
      LocalDate date = first.plusDays(d);
      int dow = date.getDayOfWeek().getValue() - 1;
      double week = (1 - ciEvents) * PEOPLE_WEEK[dow] + ciEvents * CI_WEEK[dow];
      w[d] = p.growth().at(d) * week * holiday(date) * Draw.lognormal(r, 1, NOISE);
    }
    w[days - 1] *= lastDayFraction;
    return Apportion.of(p.events(), w, 0);
  }

  /**
   * The share of a day's runs made by CI: the project's share, more at weekends, when people run
   * less.
   */
  static double ciShareOn(LocalDate date, double ciShare) {
    int dow = date.getDayOfWeek().getValue() - 1;
    double ci = ciShare * CI_WEEK[dow];
    return ci / (ci + (1 - ciShare) * PEOPLE_WEEK[dow]);
  }

  private static double holiday(LocalDate date) {
    MonthDay md = MonthDay.from(date);
    return !md.isBefore(HOLIDAY_START) || !md.isAfter(HOLIDAY_END) ? 0.55 : 1;
  }
}
