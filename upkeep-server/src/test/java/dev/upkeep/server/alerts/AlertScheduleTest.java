package dev.upkeep.server.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upkeep.server.ingest.EventWriter;
import dev.upkeep.server.ingest.RunStatus;
import dev.upkeep.server.ingest.UsageEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** When the ingest trigger brings evaluations forward, and how often it may. */
class AlertScheduleTest {
  private static final UsageEvent EVENT =
      UsageEvent.builder(1, UsageEvent.BREADCRUMB, Instant.parse("2024-05-01T12:00:00Z"))
          .version("1.0.0")
          .platform("linux")
          .status(RunStatus.R)
          .build();

  private final List<Long> starts = new CopyOnWriteArrayList<>();

  private AlertSchedule schedule(Duration minGap) {
    return new AlertSchedule(() -> starts.add(System.nanoTime()), Duration.ofHours(1), 10, minGap);
  }

  private static EventWriter storing() {
    return events -> {
      int[] stored = new int[events.size()];
      java.util.Arrays.fill(stored, 1);
      return stored;
    };
  }

  @Test
  void theTriggerEvaluatesAtOnceAfterAQuietSpell() throws Exception {
    try (AlertSchedule s = schedule(Duration.ofHours(1))) {
      s.start();
      EventWriter w = s.around(storing());
      w.append(Collections.nCopies(9, EVENT));
      Thread.sleep(200);
      assertThat(starts).as("9 events are under the trigger of 10").isEmpty();
      w.append(List.of(EVENT));
      waitFor(1, Duration.ofSeconds(5));
      assertThat(starts).hasSize(1);
    }
  }

  @Test
  void sustainedIngestEvaluatesAtMostOncePerGap() throws Exception {
    Duration gap = Duration.ofMillis(300);
    try (AlertSchedule s = schedule(gap)) {
      s.start();
      EventWriter w = s.around(storing());
      long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1500);
      int triggers = 0;
      while (System.nanoTime() < end) {
        w.append(Collections.nCopies(10, EVENT)); // reaches the trigger every time
        triggers++;
        Thread.sleep(1);
      }
      assertThat(triggers).isGreaterThan(100);
      waitFor(2, Duration.ofSeconds(5));
      assertThat(starts)
          .as("1.5 s of triggers: the first at once, then one per 300 ms gap at most")
          .hasSizeBetween(2, 7);
      for (int i = 1; i < starts.size(); i++) {
        assertThat(starts.get(i) - starts.get(i - 1))
            .as("start of evaluation %d after the one before, ns", i)
            .isGreaterThanOrEqualTo(gap.toNanos());
      }
    }
  }

  private void waitFor(int evaluations, Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (starts.size() < evaluations && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
  }
}
