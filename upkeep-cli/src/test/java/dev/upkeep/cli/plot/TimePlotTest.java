package dev.upkeep.cli.plot;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimePlotTest {
  private static List<BarPlot.Row> week() {
    long[] v = {5, 20, 12, 0, 90, 60, 33};
    List<BarPlot.Row> days = new ArrayList<>();
    for (int i = 0; i < v.length; i++) {
      days.add(new BarPlot.Row(LocalDate.of(2026, 1, 1 + i).toString(), v[i]));
    }
    return days;
  }

  @Test
  void drawsADayPerColumnInEighthsWithAxisDatesAndTotal() {
    assertThat(TimePlot.draw("o/n hits", week(), 220, 60, Glyphs.UNICODE))
        .isEqualTo(
            """
            o/n hits per day, 2026-01-01 .. 2026-01-07
            90 ┤                        █████
               │                        █████
               │                        █████ ▃▃▃▃▃
               │                        █████ █████
               │                        █████ █████
               │                        █████ █████ ▇▇▇▇▇
               │      ▆▆▆▆▆ ▁▁▁▁▁       █████ █████ █████
               │▄▄▄▄▄ █████ █████       █████ █████ █████
             0 └──────────────────────────────────────────
                2026-01-01                      2026-01-07
            total 220, busiest 2026-01-05 with 90
            """);
  }

  @Test
  void fallsBackToAsciiWithWholeLines() {
    assertThat(TimePlot.draw("o/n hits", week(), 220, 60, Glyphs.ASCII))
        .isEqualTo(
            """
            o/n hits per day, 2026-01-01 .. 2026-01-07
            90 +                        #####
               |                        #####
               |                        #####
               |                        ##### #####
               |                        ##### #####
               |                        ##### ##### #####
               |      #####             ##### ##### #####
               |##### ##### #####       ##### ##### #####
             0 +------------------------------------------
                2026-01-01                      2026-01-07
            total 220, busiest 2026-01-05 with 90
            """);
  }

  @Test
  void sumsNeighbouringDaysWhenTheyDoNotFitAndStaysWithinTheWidth() {
    List<BarPlot.Row> days = new ArrayList<>();
    for (int i = 0; i < 90; i++) {
      days.add(new BarPlot.Row(LocalDate.of(2026, 1, 1).plusDays(i).toString(), 10 + i % 7));
    }
    String chart = TimePlot.draw("o/n users", days, 1000, 80, Glyphs.UNICODE);
    assertThat(chart)
        .startsWith("o/n users per day, summed per 2 days, 2026-01-01 .. 2026-03-31\n");
    assertThat(chart.lines()).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(80));
    // 45 columns of two days each, one character wide
    assertThat(chart.lines().filter(l -> l.contains("└")).findFirst().orElseThrow())
        .endsWith("└" + "─".repeat(45));
  }

  @Test
  void anEmptyRangeDrawsAFlatAxis() {
    List<BarPlot.Row> days =
        List.of(new BarPlot.Row("2026-01-01", 0), new BarPlot.Row("2026-01-02", 0));
    assertThat(TimePlot.draw("o/n runs", days, 0, 40, Glyphs.ASCII))
        .isEqualTo(
            """
            o/n runs per day, 2026-01-01 .. 2026-01-02
            0 +
              |
              |
              |
              |
              |
              |
              |
            0 +------------
               2026-01-01
            total 0
            """);
  }
}
