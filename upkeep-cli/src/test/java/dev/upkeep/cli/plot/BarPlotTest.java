package dev.upkeep.cli.plot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BarPlotTest {
  private static final List<BarPlot.Row> VERSIONS =
      List.of(
          new BarPlot.Row("1.0.0", 412),
          new BarPlot.Row("1.1.0", 1210),
          new BarPlot.Row("2.0.0-rc.1", 3),
          new BarPlot.Row("unknown", 0));

  private static final String TITLE = "o/n users by version, 2026-01-01 .. 2026-01-31";

  @Test
  void drawsEighthsOfACellWithLabelsCountsAndTotal() {
    assertThat(BarPlot.draw(TITLE, VERSIONS, 1570, 60, Glyphs.UNICODE))
        .isEqualTo(
            """
            o/n users by version, 2026-01-01 .. 2026-01-31
            1.0.0       ██████████████                               412
            1.1.0       █████████████████████████████████████████  1,210
            2.0.0-rc.1  ▏                                              3
            unknown                                                    0
            total                                                  1,570
            """);
  }

  @Test
  void fallsBackToWholeCellsOfHashesInAscii() {
    assertThat(BarPlot.draw(TITLE, VERSIONS, 1570, 60, Glyphs.ASCII))
        .isEqualTo(
            """
            o/n users by version, 2026-01-01 .. 2026-01-31
            1.0.0       ##############                               412
            1.1.0       #########################################  1,210
            2.0.0-rc.1  #                                              3
            unknown                                                    0
            total                                                  1,570
            """);
  }

  @Test
  void everyLineFitsTheWidthAndTheLongestBarFillsIt() {
    for (int width : new int[] {40, 80, 132}) {
      String chart = BarPlot.draw(TITLE, VERSIONS, 1570, width, Glyphs.UNICODE);
      List<String> lines = chart.lines().skip(1).toList();
      assertThat(lines).allSatisfy(l -> assertThat(l).hasSize(width));
      assertThat(lines.get(1)).endsWith("█  1,210");
    }
  }

  @Test
  void partialCellsFollowTheCount() {
    // 8 cells for the largest: 1/16 of it is one cell (8 eighths), 3/64 is 3 eighths
    List<BarPlot.Row> rows =
        List.of(new BarPlot.Row("a", 64), new BarPlot.Row("b", 4), new BarPlot.Row("c", 3));
    String chart = BarPlot.draw("t", rows, 71, 1 + 2 + 10 + 2 + 2, Glyphs.UNICODE);
    assertThat(chart)
        .isEqualTo(
            """
            t
            a      ██████████  64
            b      ▋            4
            c      ▌            3
            total              71
            """);
  }

  @Test
  void shortensLongKeysAndSaysWhenThereIsNothing() {
    String key = "a-very-long-container-name-indeed";
    String chart = BarPlot.draw("t", List.of(new BarPlot.Row(key, 5)), 5, 50, Glyphs.UNICODE);
    assertThat(chart.lines().skip(1).findFirst().orElseThrow())
        .startsWith("a-very-long-container-n…  █");
    assertThat(BarPlot.draw("t", List.of(), 0, 40, Glyphs.ASCII))
        .isEqualTo("t\n(nothing in this range)\ntotal" + " ".repeat(34) + "0\n");
  }
}
