package dev.upkeep.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upkeep.server.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
  private static final Duration WINDOW = Duration.ofSeconds(60);

  private final MutableClock clock = new MutableClock(Instant.parse("2024-05-01T12:00:00Z"));

  @Test
  void allowsLimitRequestsThenAsksToRetryAfterAtLeastOneSecond() {
    RateLimiter limiter = new RateLimiter(3, WINDOW, clock);

    assertThat(limiter.acquire("10.0.0.1")).isZero();
    assertThat(limiter.acquire("10.0.0.1")).isZero();
    assertThat(limiter.acquire("10.0.0.1")).isZero();

    assertThat(limiter.acquire("10.0.0.1")).isEqualTo(60);
    assertThat(limiter.acquire("10.0.0.1")).isEqualTo(60);
  }

  @Test
  void retryAfterCountsDownToTheWindowRestartRoundedUp() {
    RateLimiter limiter = new RateLimiter(1, WINDOW, clock);
    limiter.acquire("k");

    clock.advance(Duration.ofMillis(10_500));
    assertThat(limiter.acquire("k")).isEqualTo(50);

    clock.advance(Duration.ofMillis(49_499));
    assertThat(limiter.acquire("k")).isEqualTo(1);
  }

  @Test
  void restartedWindowAllowsAgain() {
    RateLimiter limiter = new RateLimiter(2, WINDOW, clock);
    limiter.acquire("k");
    limiter.acquire("k");
    assertThat(limiter.acquire("k")).isPositive();

    clock.advance(WINDOW);

    assertThat(limiter.acquire("k")).isZero();
    assertThat(limiter.acquire("k")).isZero();
    assertThat(limiter.acquire("k")).isGreaterThanOrEqualTo(1);
  }

  @Test
  void windowStartsAtTheFirstRequestOfTheKey() {
    RateLimiter limiter = new RateLimiter(1, WINDOW, clock);
    clock.advance(Duration.ofSeconds(30));
    limiter.acquire("k");

    clock.advance(Duration.ofSeconds(45));
    assertThat(limiter.acquire("k")).isEqualTo(15);
  }

  @Test
  void keysAreIndependent() {
    RateLimiter limiter = new RateLimiter(2, WINDOW, clock);
    limiter.acquire("a");
    limiter.acquire("a");
    assertThat(limiter.acquire("a")).isPositive();

    assertThat(limiter.acquire("b")).isZero();
    assertThat(limiter.acquire("b")).isZero();
    assertThat(limiter.acquire("b")).isPositive();
    assertThat(limiter.acquire("c")).isZero();
  }

  @Test
  void keyWhoseWindowPassedStartsAFreshWindow() {
    RateLimiter limiter = new RateLimiter(1, WINDOW, clock);
    limiter.acquire("a");
    limiter.acquire("b");

    clock.advance(WINDOW.multipliedBy(2));
    assertThat(limiter.acquire("c")).isZero();

    assertThat(limiter.acquire("a")).isZero();
    assertThat(limiter.acquire("a")).isEqualTo(60);
  }
}
