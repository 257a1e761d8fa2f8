package dev.upkeep.server.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.upkeep.server.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The request limit per client address, as migas-server's (the window rules: the contract). */
class RequestLimiterTest {
  private static final Duration WINDOW = Duration.ofSeconds(60);

  private final MutableClock clock = new MutableClock(Instant.parse("2024-05-01T12:00:00Z"));
  private final LimitStore store = LimitStore.memory(clock);

  @Test
  void allowsLimitRequestsPerAddressThenAsksToRetryWhenTheWindowRestarts() {
    RequestLimiter limiter = new RequestLimiter(3, WINDOW, store, LimitKeys.random());

    assertThat(limiter.acquire("10.0.0.1")).isZero();
    assertThat(limiter.acquire("10.0.0.1")).isZero();
    assertThat(limiter.acquire("10.0.0.1")).isZero();
    assertThat(limiter.acquire("10.0.0.1")).isEqualTo(60);
    assertThat(limiter.acquire("10.0.0.2")).isZero();

    clock.advance(WINDOW);
    assertThat(limiter.acquire("10.0.0.1")).isZero();
  }

  @Test
  void twoLimitersOnOneStoreWithOneSecretCountTheSameAddressTogether() {
    String secret = LimitKeys.newSecret();
    RequestLimiter a = new RequestLimiter(2, WINDOW, store, LimitKeys.fromSecret(secret));
    RequestLimiter b = new RequestLimiter(2, WINDOW, store, LimitKeys.fromSecret(secret));

    assertThat(a.acquire("10.0.0.1")).isZero();
    assertThat(b.acquire("10.0.0.1")).isZero();
    assertThat(a.acquire("10.0.0.1")).isPositive();
  }

  @Test
  void limitAndWindowMustBePositive() {
    assertThatThrownBy(() -> new RequestLimiter(0, WINDOW, store, LimitKeys.random()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rate-limit");
  }
}
