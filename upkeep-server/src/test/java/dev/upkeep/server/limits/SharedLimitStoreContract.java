package dev.upkeep.server.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What a shared backend adds to the contract: two stores on it, as two collectors have, count
 * against the same limits, atomically, under concurrency.
 */
abstract class SharedLimitStoreContract extends LimitStoreContract {

  @Test
  void twoCollectorsTogetherAllowWhatOneAllows() {
    LimitStore other = open();
    assertThat(request(store, "r", 2)).isZero();
    assertThat(request(other, "r", 2)).isZero();
    assertThat(request(store, "r", 2)).isEqualTo(60);
    assertThat(request(other, "r", 2)).isEqualTo(60);

    assertThat(events(other, "c", 100, 100)).isZero();
    assertThat(events(store, "c", 1, 100)).isEqualTo(1);

    assertThat(daily(store, "d", 7, 10)).isZero();
    assertThat(daily(other, "d", 4, 10)).isEqualTo(60);
    assertThat(daily(other, "d", 3, 10)).isZero();
  }

  @Test
  void aRefundOnOneCollectorIsSeenByTheOther() {
    LimitStore other = open();
    Charge day = Charge.daily("d", 10, 10, TODAY);
    assertThat(store.take(List.of(day)).taken()).isTrue();
    assertThat(other.take(List.of(day)).taken()).isFalse();

    store.refund(List.of(day));

    assertThat(other.take(List.of(day)).taken()).isTrue();
  }

  /**
   * 16 threads on two collectors race for one request window (1 000), one bucket (1 000) and one
   * daily cap (600), each decision charging all three, the keys in random order. Exactly the cap's
   * 600 decisions are taken, and each of them took from the window and the bucket too, no more:
   * afterwards exactly 400 requests fit in the window and 400 events in the bucket. No decision
   * deadlocks.
   */
  @Test
  void concurrentDecisionsOnTwoCollectorsNeverTakeMoreThanTheLimits() throws Exception {
    List<LimitStore> collectors = List.of(store, open());
    LocalDate today = LocalDate.now(clock);
    ExecutorService threads = Executors.newFixedThreadPool(16);
    try {
      List<Callable<Integer>> work = new ArrayList<>();
      for (int t = 0; t < 16; t++) {
        LimitStore s = collectors.get(t % 2);
        work.add(
            () -> {
              int taken = 0;
              for (int i = 0; i < 60; i++) {
                List<Charge> charges =
                    new ArrayList<>(
                        List.of(
                            Charge.request("race-window", 1_000, WINDOW),
                            Charge.events("race-bucket", 1, 1_000, WINDOW),
                            Charge.daily("race-day", 1, 600, today)));
                Collections.shuffle(charges, ThreadLocalRandom.current());
                if (s.take(charges).taken()) {
                  taken++;
                }
              }
              return taken;
            });
      }
      int taken = 0;
      for (Future<Integer> f : threads.invokeAll(work, 2, TimeUnit.MINUTES)) {
        taken += f.get();
      }
      assertThat(taken).isEqualTo(600);
    } finally {
      threads.shutdownNow();
    }
    int requests = 0;
    while (request(store, "race-window", 1_000) == 0) {
      requests++;
    }
    int events = 0;
    while (events(store, "race-bucket", 1, 1_000) == 0) {
      events++;
    }
    assertThat(requests).isEqualTo(400);
    assertThat(events).isEqualTo(400);
  }
}
