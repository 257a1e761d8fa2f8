package dev.upkeep.server.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReleasesTest {
  private static final LocalDate FIRST = LocalDate.parse("2025-01-01");

  @Test
  void historyBeforeAndThroughTheRangeWithIncreasingVersions() {
    for (long seed = 0; seed < 50; seed++) {
      for (boolean calendar : new boolean[] {false, true}) {
        Releases r = Releases.draw(Draw.stream(seed), FIRST, 364, calendar, 30);
        List<Release> all = r.all();
        assertThat(all.get(0).day()).isNegative();
        assertThat(all.get(all.size() - 1).day()).isBetween(164, 364);
        for (int i = 1; i < all.size(); i++) {
          assertThat(all.get(i).day()).isGreaterThan(all.get(i - 1).day());
          assertThat(compare(all.get(i).version(), all.get(i - 1).version()))
              .as("%s after %s", all.get(i).version(), all.get(i - 1).version())
              .isPositive();
        }
      }
    }
  }

  @Test
  void flaggedReleasesAreReplacedByTheNextWithinDays() {
    int releases = 0;
    int flagged = 0;
    for (long seed = 0; seed < 200; seed++) {
      Releases r = Releases.draw(Draw.stream(seed), FIRST, 364, false, 20);
      for (int i = 0; i < r.size(); i++) {
        releases++;
        Release x = r.get(i);
        if (x.flagged()) {
          flagged++;
          assertThat(x.flagReason()).isNotBlank();
          if (x.replacement() != null) {
            assertThat(r.get(i + 1).version()).isEqualTo(x.replacement());
            assertThat(r.get(i + 1).day() - x.day()).isBetween(1, 6);
          } else {
            assertThat(i).isEqualTo(r.size() - 1);
          }
        }
      }
    }
    assertThat((double) flagged / releases).isBetween(0.03, 0.09);
  }

  @Test
  void releaseOutOnADay() {
    Releases r = Releases.draw(Draw.stream(3), FIRST, 364, false, 30);
    assertThat(r.at(-10_000)).isZero();
    assertThat(r.at(10_000)).isEqualTo(r.size() - 1);
    Release second = r.get(1);
    assertThat(r.at(second.day())).isEqualTo(1);
    assertThat(r.at(second.day() - 1)).isZero();
  }

  private static int compare(String a, String b) {
    String[] x = a.split("\\.");
    String[] y = b.split("\\.");
    for (int i = 0; i < 3; i++) {
      int c = Integer.compare(Integer.parseInt(x[i]), Integer.parseInt(y[i]));
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }
}
