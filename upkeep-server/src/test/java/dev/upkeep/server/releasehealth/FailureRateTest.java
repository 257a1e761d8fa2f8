package dev.upkeep.server.releasehealth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class FailureRateTest {
  @Test
  void wilsonIntervalsAgreeWithTheClosedFormAndPublishedValues() {
    // 0 of 10: [0, z²/(n+z²)]
    FailureRate.Interval none = new FailureRate(0, 10).interval();
    assertThat(none.lower()).isZero();
    assertThat(none.upper()).isCloseTo(3.841459 / 13.841459, within(1e-6));
    // 5 of 10: symmetric around 0.5
    FailureRate.Interval half = new FailureRate(5, 10).interval();
    assertThat(half.lower()).isCloseTo(0.236593, within(1e-6));
    assertThat(half.upper()).isCloseTo(0.763407, within(1e-6));
    // 1 of 100, as statsmodels' proportion_confint(1, 100, method="wilson") gives it
    FailureRate.Interval one = new FailureRate(1, 100).interval();
    assertThat(one.lower()).isCloseTo(0.001767, within(1e-6));
    assertThat(one.upper()).isCloseTo(0.054486, within(1e-6));
  }

  @Test
  void noRunsKnowNothingAndEveryFailureStaysWithinOne() {
    assertThat(new FailureRate(0, 0).interval()).isEqualTo(new FailureRate.Interval(0, 1));
    assertThat(new FailureRate(0, 0).estimate()).isZero();
    FailureRate.Interval all = new FailureRate(20, 20).interval();
    assertThat(all.upper()).isEqualTo(1.0);
    assertThat(all.lower()).isLessThan(1.0).isGreaterThan(0.8);
  }

  @Test
  void impossibleCountsAreRefusedNamingThem() {
    assertThatThrownBy(() -> new FailureRate(3, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("failures must be from 0 to runs, was 3 of 2");
    assertThatThrownBy(() -> new FailureRate(1, 10).interval(0))
        .hasMessage("z must be greater than 0, was 0.0");
  }
}
