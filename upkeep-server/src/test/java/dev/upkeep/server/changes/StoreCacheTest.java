package dev.upkeep.server.changes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.upkeep.server.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StoreCacheTest {
  final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));
  final StoreCache<Long, String> cache = new StoreCache<>(Duration.ofMinutes(5), clock);
  final AtomicInteger reads = new AtomicInteger();

  String read(long key) {
    return "v" + key + "#" + reads.incrementAndGet();
  }

  @Test
  void aValueIsReadOnceThenServedUntilTheTtl() {
    assertThat(cache.cached(1L)).isNull();
    assertThat(cache.get(1L, this::read)).isEqualTo("v1#1");
    assertThat(cache.get(1L, this::read)).isEqualTo("v1#1");

    clock.advance(Duration.ofMinutes(5).minusMillis(1));
    assertThat(cache.cached(1L)).isEqualTo("v1#1");
    clock.advance(Duration.ofMillis(1));
    assertThat(cache.cached(1L)).isNull();
    assertThat(cache.get(1L, this::read)).isEqualTo("v1#2");
  }

  @Test
  void aDroppedKeyIsReadAgainAndOthersAreKept() {
    cache.get(1L, this::read);
    cache.get(2L, this::read);

    cache.drop(1L);

    assertThat(cache.get(1L, this::read)).isEqualTo("v1#3");
    assertThat(cache.get(2L, this::read)).isEqualTo("v2#2");
    cache.dropIf(v -> v.startsWith("v2"));
    assertThat(cache.cached(2L)).isNull();
    assertThat(cache.cached(1L)).isEqualTo("v1#3");
    cache.clear();
    assertThat(cache.cached(1L)).isNull();
  }

  @Test
  void aReadThatOverlapsADropAnswersButIsNotKept() {
    String value =
        cache.load(
            1L,
            k -> {
              String before = read(k); // read from the store before the change...
              cache.drop(k); // ...which is reported while the read is still under way
              return before;
            });

    assertThat(value).isEqualTo("v1#1");
    assertThat(cache.cached(1L)).isNull();
    assertThat(cache.get(1L, this::read)).isEqualTo("v1#2");
    assertThat(cache.cached(1L)).isEqualTo("v1#2");
  }

  @Test
  void nullIsNotKept() {
    assertThat(cache.get(1L, k -> null)).isNull();
    assertThat(cache.get(1L, this::read)).isEqualTo("v1#1");
  }

  @Test
  void theTtlMustBePositive() {
    assertThatThrownBy(() -> new StoreCache<>(Duration.ZERO, clock))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ttl must be positive, was PT0S");
  }
}
