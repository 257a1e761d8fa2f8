package dev.upkeep.server.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SizesTest {
  @Test
  void powerLawOverRank() {
    long[] sizes = Sizes.of(10_000_000, 200, Draw.stream(42, 1));
    assertThat(Arrays.stream(sizes).sum()).isEqualTo(10_000_000);
    for (int i = 1; i < sizes.length; i++) {
      assertThat(sizes[i]).isLessThanOrEqualTo(sizes[i - 1]);
    }
    // log(size) against log(rank): a straight line of slope about -ALPHA
    double n = sizes.length;
    double sx = 0;
    double sy = 0;
    double sxx = 0;
    double sxy = 0;
    for (int i = 0; i < sizes.length; i++) {
      double x = Math.log(i + 1);
      double y = Math.log(sizes[i]);
      sx += x;
      sy += y;
      sxx += x * x;
      sxy += x * y;
    }
    double slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
    assertThat(slope).isBetween(-Sizes.ALPHA - 0.3, -Sizes.ALPHA + 0.3);
    long top20 = Arrays.stream(sizes).limit(20).sum();
    assertThat(top20).as("the top 10 %% of projects hold most events").isGreaterThan(5_000_000);
    assertThat(sizes[0]).isGreaterThan(50 * sizes[100]);
  }

  @Test
  void deterministicForASeed() {
    assertThat(Sizes.of(1_000_000, 50, Draw.stream(7, 1)))
        .isEqualTo(Sizes.of(1_000_000, 50, Draw.stream(7, 1)))
        .isNotEqualTo(Sizes.of(1_000_000, 50, Draw.stream(8, 1)));
  }

  @Test
  void everyProjectGetsAnEvent() {
    long[] sizes = Sizes.of(60, 50, Draw.stream(1, 1));
    assertThat(Arrays.stream(sizes).min().orElseThrow()).isGreaterThanOrEqualTo(1);
    assertThat(Arrays.stream(sizes).sum()).isEqualTo(60);
    assertThatThrownBy(() -> Sizes.of(49, 50, Draw.stream(1, 1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
