package dev.upkeep.server.limits;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upkeep.server.testing.MutableClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The contract in memory, and how long memory keeps a counter. */
class MemoryLimitStoreTest extends LimitStoreContract {
  @Override
  LimitStore newStore(MutableClock clock) {
    return LimitStore.memory(clock);
  }

  @Test
  void countersAreForgottenOnceTheyEqualNewOnes() {
    MemoryLimitStore memory = (MemoryLimitStore) store;
    clock.advance(Duration.ofHours(-12)); // noon: the day lasts longer than the minute
    request(store, "window", 10);
    events(store, "bucket", 30, 60);
    daily(store, "day", 1, 10);
    assertThat(memory.size()).isEqualTo(3);

    // after a minute: the window is over and the bucket refilled (30 events at 1 a second)
    clock.advance(Duration.ofSeconds(61));
    request(store, "other", 10);
    assertThat(memory.size()).isEqualTo(2);

    // the day is over too
    clock.advance(Duration.ofDays(1));
    store.take(List.of());
    request(store, "other2", 10);
    assertThat(memory.size()).isEqualTo(1);
  }
}
