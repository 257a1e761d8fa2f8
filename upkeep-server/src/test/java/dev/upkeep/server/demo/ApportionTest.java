package dev.upkeep.server.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ApportionTest {
  @Test
  void partsAddUpAndStayWithinOneOfTheirShare() {
    double[] w = {3, 0, 1.5, 0.25, 7, 0.001};
    long[] parts = Apportion.of(1001, w, 0);
    assertThat(Arrays.stream(parts).sum()).isEqualTo(1001);
    double sum = Arrays.stream(w).sum();
    for (int i = 0; i < w.length; i++) {
      assertThat((double) parts[i])
          .isCloseTo(1001 * w[i] / sum, org.assertj.core.data.Offset.offset(1.0));
    }
    assertThat(parts[1]).isZero();
  }

  @Test
  void minimumForEveryPositiveWeight() {
    long[] parts = Apportion.of(10, new double[] {100, 0.0001, 0.0001, 0}, 2);
    assertThat(parts).containsExactly(6, 2, 2, 0);
  }
}
