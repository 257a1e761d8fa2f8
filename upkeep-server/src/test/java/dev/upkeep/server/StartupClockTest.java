package dev.upkeep.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class StartupClockTest {
  @Test
  void thePartsAddUpToTheJvmsUptimeAtTheLastMark() {
    AtomicLong now = new AtomicLong(5_000_000_000L);
    StartupClock clock = new StartupClock(now::get, 310_000_000L);
    now.addAndGet(400_000_000L);
    clock.mark("store");
    now.addAndGet(120_000_000L);
    clock.mark("wiring");
    now.addAndGet(204_000_000L);
    clock.mark("http");

    assertThat(clock.totalNanos()).isEqualTo(1_034_000_000L);
    assertThat(clock.line())
        .isEqualTo(
            "ready in 1.03 s (JVM and command line 0.31 s, store 0.40 s, wiring 0.12 s,"
                + " http 0.20 s)");
  }

  @Test
  void withoutMarksOnlyTheJvmIsCounted() {
    StartupClock clock = new StartupClock(() -> 42L, 250_000_000L);

    assertThat(clock.line()).isEqualTo("ready in 0.25 s (JVM and command line 0.25 s)");
  }
}
