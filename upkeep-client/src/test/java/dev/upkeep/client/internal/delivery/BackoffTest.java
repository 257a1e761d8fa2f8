package dev.upkeep.client.internal.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class BackoffTest {
  private static final long BASE = 1_000;
  private static final long MAX = 5 * 60_000;

  @RepeatedTest(20)
  void waitsDoubleWithJitterBetweenHalfTheCapAndTheCap() {
    Backoff backoff = new Backoff(BASE, MAX);
    long previous = 0;
    long cap = BASE;
    for (int n = 0; n < 12; n++) {
      long wait = backoff.failed(0);

      assertThat(wait).as("attempt %d", n).isBetween(cap / 2, cap);
      if (cap < MAX) {
        // while the cap doubles, [cap/2, cap] lies above the previous range: waits never shrink
        assertThat(wait).as("attempt %d grows", n).isGreaterThanOrEqualTo(previous);
      }
      previous = wait;
      cap = Math.min(MAX, cap * 2);
    }
    assertThat(backoff.failures()).isEqualTo(12);
  }

  @Test
  void firstWaitsFollowTheDocumentedSchedule() {
    Backoff backoff = new Backoff(BASE, MAX);

    assertThat(backoff.failed(0)).isBetween(500L, 1_000L);
    assertThat(backoff.failed(0)).isBetween(1_000L, 2_000L);
    assertThat(backoff.failed(0)).isBetween(2_000L, 4_000L);
    assertThat(backoff.failed(0)).isBetween(4_000L, 8_000L);
  }

  @Test
  void waitsStopGrowingAtTheMaximum() {
    Backoff backoff = new Backoff(BASE, MAX);
    for (int n = 0; n < 100; n++) {
      backoff.failed(0);
    }

    for (int n = 0; n < 50; n++) {
      assertThat(backoff.failed(0)).isBetween(MAX / 2, MAX);
    }
  }

  @Test
  void largerRetryAfterIsHonoured() {
    Backoff backoff = new Backoff(BASE, MAX);

    assertThat(backoff.failed(30_000)).isEqualTo(30_000);
    assertThat(backoff.failures()).isEqualTo(1);
  }

  @Test
  void smallerRetryAfterDoesNotShortenTheBackoff() {
    Backoff backoff = new Backoff(BASE, MAX);
    backoff.failed(0);
    backoff.failed(0);
    backoff.failed(0);

    assertThat(backoff.failed(1_000)).isBetween(4_000L, 8_000L);
  }

  @Test
  void retryAfterBeyondTheMaximumIsClampedToTheMaximum() {
    Backoff backoff = new Backoff(BASE, MAX);

    assertThat(backoff.failed(3_600_000)).isEqualTo(MAX);
  }

  @Test
  void successResetsTheSchedule() {
    Backoff backoff = new Backoff(BASE, MAX);
    for (int n = 0; n < 8; n++) {
      backoff.failed(0);
    }

    backoff.succeeded();

    assertThat(backoff.failures()).isZero();
    assertThat(backoff.failed(0)).isBetween(500L, 1_000L);
  }
}
