package dev.upkeep.cli.plot;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RatePlotTest {
  /** 5 %, no runs, 12.5 %, no failures, 10 %. */
  private static List<RatePlot.Day> fiveDays() {
    return List.of(
        new RatePlot.Day("2026-02-25", 100, 5),
        new RatePlot.Day("2026-02-26", 0, 0),
        new RatePlot.Day("2026-02-27", 200, 25),
        new RatePlot.Day("2026-02-28", 50, 0),
        new RatePlot.Day("2026-03-01", 80, 8));
  }

  private static String one(List<RatePlot.Day> days, int width, Glyphs glyphs) {
    return RatePlot.draw(List.of(new RatePlot.Chart("o/n 1.1.0", days)), width, glyphs);
  }

  @Test
  void drawsEachDaysRateInEighthsUnderTheHighestRateWithNoBarForADayWithoutRuns() {
    assertThat(one(fiveDays(), 40, Glyphs.UNICODE))
        .isEqualTo(
            """
            o/n 1.1.0 failure rate per day, 2026-02-25 .. 2026-03-01
            12.5% ┤            █████
                  │            █████       ▃▃▃▃▃
                  │            █████       █████
                  │            █████       █████
                  │▂▂▂▂▂       █████       █████
                  │█████       █████       █████
                  │█████       █████       █████
                  │█████       █████       █████
               0% └──────────────────────────────
                   2026-02-25          2026-03-01
            38 of 430 runs failed (8.8%), runs on 4 of 5 days
            highest 2026-02-27 with 12.5% (25 of 200)
            """);
  }

  @Test
  void fallsBackToAsciiWithWholeLines() {
    assertThat(one(fiveDays(), 40, Glyphs.ASCII))
        .isEqualTo(
            """
            o/n 1.1.0 failure rate per day, 2026-02-25 .. 2026-03-01
            12.5% +            #####
                  |            #####
                  |            #####       #####
                  |            #####       #####
                  |            #####       #####
                  |#####       #####       #####
                  |#####       #####       #####
                  |#####       #####       #####
               0% +------------------------------
                   2026-02-25          2026-03-01
            38 of 430 runs failed (8.8%), runs on 4 of 5 days
            highest 2026-02-27 with 12.5% (25 of 200)
            """);
  }

  @Test
  void aGroupsRateIsItsFailuresOverItsRunsNeverASumOrMeanOfRates() {
    List<RatePlot.Day> grouped =
        RatePlot.group(
            List.of(
                new RatePlot.Day("2026-01-01", 1, 1),
                new RatePlot.Day("2026-01-02", 99, 0),
                new RatePlot.Day("2026-01-03", 0, 0),
                new RatePlot.Day("2026-01-04", 0, 0),
                new RatePlot.Day("2026-01-05", 10, 2)),
            2);
    assertThat(grouped)
        .containsExactly(
            new RatePlot.Day("2026-01-01", 100, 1),
            new RatePlot.Day("2026-01-03", 0, 0),
            new RatePlot.Day("2026-01-05", 10, 2));
    assertThat(grouped.get(0).rate()).as("not 100 % + 0 %, nor their mean").isEqualTo(0.01);
    assertThat(grouped.get(1).rate()).as("no runs").isZero();
  }

  @Test
  void daysThatDoNotFitAreGroupedAndTheAxisTopIsTheHighestGroupRate() {
    // 90 days: every odd day one run that failed (100 %), every even day 99 that did not
    List<RatePlot.Day> days = new ArrayList<>();
    for (int i = 0; i < 90; i++) {
      String date = LocalDate.of(2026, 1, 1).plusDays(i).toString();
      days.add(i % 2 == 0 ? new RatePlot.Day(date, 1, 1) : new RatePlot.Day(date, 99, 0));
    }
    String chart = one(days, 80, Glyphs.UNICODE);
    assertThat(chart).startsWith("o/n 1.1.0 failure rate per 2 days, 2026-01-01 .. 2026-03-31\n");
    assertThat(chart.lines()).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(80));
    // 45 columns of 1 %, one character wide, all full height
    List<String> lines = chart.lines().toList();
    assertThat(lines.get(1)).isEqualTo("1.0% ┤" + "█".repeat(45));
    assertThat(lines.get(9)).isEqualTo("  0% └" + "─".repeat(45));
    assertThat(lines.get(11)).isEqualTo("45 of 4,500 runs failed (1.0%), runs on 90 of 90 days");
    assertThat(lines.get(12)).isEqualTo("highest 2026-01-01 with 100.0% (1 of 1)");
  }

  @Test
  void severalChartsShareOneScale() {
    List<RatePlot.Day> old =
        List.of(new RatePlot.Day("2026-02-28", 100, 5), new RatePlot.Day("2026-03-01", 100, 5));
    List<RatePlot.Day> cur =
        List.of(new RatePlot.Day("2026-02-28", 0, 0), new RatePlot.Day("2026-03-01", 100, 10));
    String charts =
        RatePlot.draw(
            List.of(new RatePlot.Chart("o/n 1.0.0", old), new RatePlot.Chart("o/n 1.1.0", cur)),
            40,
            Glyphs.ASCII);
    assertThat(charts)
        .isEqualTo(
            """
            o/n 1.0.0 failure rate per day, 2026-02-28 .. 2026-03-01
            10.0% +
                  |
                  |
                  |
                  |##### #####
                  |##### #####
                  |##### #####
                  |##### #####
               0% +------------
                   2026-02-28
            10 of 200 runs failed (5.0%), runs on 2 of 2 days
            highest 2026-02-28 with 5.0% (5 of 100)

            o/n 1.1.0 failure rate per day, 2026-02-28 .. 2026-03-01
            10.0% +      #####
                  |      #####
                  |      #####
                  |      #####
                  |      #####
                  |      #####
                  |      #####
                  |      #####
               0% +------------
                   2026-02-28
            10 of 100 runs failed (10.0%), runs on 1 of 2 days
            highest 2026-03-01 with 10.0% (10 of 100)
            """);
  }

  @Test
  void aRangeWithoutRunsDrawsAFlatAxis() {
    List<RatePlot.Day> days =
        List.of(new RatePlot.Day("2026-01-01", 0, 0), new RatePlot.Day("2026-01-02", 0, 0));
    assertThat(one(days, 40, Glyphs.ASCII))
        .isEqualTo(
            """
            o/n 1.1.0 failure rate per day, 2026-01-01 .. 2026-01-02
            0.0% +
                 |
                 |
                 |
                 |
                 |
                 |
                 |
              0% +------------
                  2026-01-01
            no runs in this range
            """);
  }

  @Test
  void runsWithoutFailuresDrawNoBarAndNameNoHighestDay() {
    List<RatePlot.Day> days =
        List.of(new RatePlot.Day("2026-01-01", 20, 0), new RatePlot.Day("2026-01-02", 0, 0));
    assertThat(one(days, 40, Glyphs.ASCII).lines().toList())
        .contains("0.0% +", "  0% +------------")
        .endsWith("0 of 20 runs failed (0.0%), runs on 1 of 2 days");
  }

  @Test
  void percentagesKeepSmallRatesVisible() {
    assertThat(RatePlot.percent(0.1)).isEqualTo("10.0%");
    assertThat(RatePlot.percent(0.0743)).isEqualTo("7.4%");
    assertThat(RatePlot.percent(0)).isEqualTo("0.0%");
    assertThat(RatePlot.percent(1)).isEqualTo("100.0%");
    assertThat(RatePlot.percent(0.0004)).isEqualTo("0.04%");
    assertThat(RatePlot.percent(0.00001)).isEqualTo("<0.01%");
  }
}
