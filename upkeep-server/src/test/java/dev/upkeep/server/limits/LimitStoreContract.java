package dev.upkeep.server.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.upkeep.server.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The rules every {@link LimitStore} counts by ({@link Charge}), run against each backend: one
 * subclass per backend, as the storage contract. The clock stands at 23:59:00 UTC, a minute before
 * a new day, and only the test moves it.
 */
abstract class LimitStoreContract {
  static final Duration WINDOW = Duration.ofSeconds(60);
  static final LocalDate TODAY = LocalDate.parse("2026-12-06");

  final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T23:59:00Z"));
  final List<LimitStore> opened = new ArrayList<>();
  LimitStore store;

  /** A new store on the test's backend, counting on {@code clock}. */
  abstract LimitStore newStore(MutableClock clock);

  @BeforeEach
  void openStore() {
    store = open();
  }

  @AfterEach
  void closeStores() {
    opened.forEach(LimitStore::close);
  }

  /** A store of this backend, closed after the test (for a shared backend: another collector). */
  final LimitStore open() {
    LimitStore s = newStore(clock);
    opened.add(s);
    return s;
  }

  long request(LimitStore s, String key, int limit) {
    return s.take(List.of(Charge.request(key, limit, WINDOW))).retryAfterSeconds();
  }

  long events(LimitStore s, String key, int n, int limit) {
    return s.take(List.of(Charge.events(key, n, limit, WINDOW))).retryAfterSeconds();
  }

  long daily(LimitStore s, String key, int n, int cap) {
    return s.take(List.of(Charge.daily(key, n, cap, LocalDate.now(clock)))).retryAfterSeconds();
  }

  @Test
  void windowAllowsTheLimitThenAsksToRetryWhenTheWindowEnds() {
    assertThat(request(store, "k", 3)).isZero();
    assertThat(request(store, "k", 3)).isZero();
    assertThat(request(store, "k", 3)).isZero();

    assertThat(request(store, "k", 3)).isEqualTo(60);
    clock.advance(Duration.ofMillis(10_500));
    assertThat(request(store, "k", 3)).isEqualTo(50);
    clock.advance(Duration.ofMillis(49_499));
    assertThat(request(store, "k", 3)).isEqualTo(1);
  }

  @Test
  void windowStartsAtTheKeysFirstRequestAndRestartsAfterIt() {
    clock.advance(Duration.ofSeconds(-30));
    assertThat(request(store, "k", 1)).isZero();
    clock.advance(Duration.ofSeconds(45));
    assertThat(request(store, "k", 1)).isEqualTo(15);

    clock.advance(Duration.ofSeconds(15));
    assertThat(request(store, "k", 1)).isZero();
    assertThat(request(store, "k", 1)).isEqualTo(60);
  }

  @Test
  void keysAreIndependent() {
    assertThat(request(store, "a", 1)).isZero();
    assertThat(request(store, "a", 1)).isPositive();

    assertThat(request(store, "b", 1)).isZero();
    assertThat(events(store, "c", 5, 5)).isZero();
  }

  @Test
  void bucketTakesARequestLargerThanTheLimitOnceThenWaitsOutTheDebt() {
    assertThat(events(store, "c", 1_000, 100)).isZero();

    // 900 events of debt plus one, at 100 a minute: 541 s.
    assertThat(events(store, "c", 1, 100)).isEqualTo(541);
    clock.advance(Duration.ofSeconds(539));
    assertThat(events(store, "c", 1, 100)).isEqualTo(2);
    clock.advance(Duration.ofSeconds(2));
    assertThat(events(store, "c", 1, 100)).isZero();
    assertThat(events(store, "other", 100, 100)).isZero();
  }

  @Test
  void bucketRefillsContinuouslyUpToItsLimit() {
    assertThat(events(store, "c", 60, 60)).isZero();
    assertThat(events(store, "c", 1, 60)).isEqualTo(1);

    clock.advance(Duration.ofSeconds(10));
    // 10 tokens back: a 10-event request is taken, the next waits a second.
    assertThat(events(store, "c", 10, 60)).isZero();
    assertThat(events(store, "c", 1, 60)).isEqualTo(1);

    clock.advance(Duration.ofHours(1));
    // full again, never more than the limit: 60, then debt
    assertThat(events(store, "c", 60, 60)).isZero();
    assertThat(events(store, "c", 1, 60)).isEqualTo(1);
  }

  @Test
  void dailyCapRefusesUntilMidnightUtcThenCountsAfresh() {
    assertThat(daily(store, "d", 25, 30)).isZero();
    assertThat(daily(store, "d", 10, 30)).isEqualTo(60);
    assertThat(daily(store, "d", 5, 30)).isZero();
    assertThat(daily(store, "d", 1, 30)).isEqualTo(60);

    clock.advance(Duration.ofSeconds(59));
    assertThat(daily(store, "d", 1, 30)).isEqualTo(1);
    clock.advance(Duration.ofSeconds(1));
    assertThat(daily(store, "d", 30, 30)).isZero();
    assertThat(daily(store, "d", 1, 30)).isEqualTo(86_400);
  }

  @Test
  void aDecisionTakesEveryChargeOrNone() {
    Charge client = Charge.events("c", 10, 100, WINDOW);
    Charge project = Charge.events("p", 10, 100, WINDOW);
    Charge day = Charge.daily("d", 10, 15, TODAY);
    assertThat(store.take(List.of(client, project, day))).isEqualTo(Decision.TAKEN);

    Decision refused = store.take(List.of(client, project, day));

    assertThat(refused.taken()).isFalse();
    assertThat(refused.refused()).isEqualTo(2);
    assertThat(refused.retryAfterSeconds()).isEqualTo(60);
    // Client and project kept their 90: the refused decision took nothing.
    assertThat(events(store, "c", 90, 100)).isZero();
    assertThat(events(store, "c", 1, 100)).isPositive();
    assertThat(events(store, "p", 90, 100)).isZero();
    assertThat(events(store, "p", 1, 100)).isPositive();
    assertThat(daily(store, "d", 5, 15)).isZero();
  }

  @Test
  void theFirstRefusingChargeInTheCallersOrderIsNamed() {
    assertThat(request(store, "z", 1)).isZero();
    assertThat(request(store, "a", 1)).isZero();

    Decision d =
        store.take(
            List.of(
                Charge.events("m", 1, 10, WINDOW),
                Charge.request("z", 1, WINDOW),
                Charge.request("a", 1, WINDOW)));

    assertThat(d.refused()).isEqualTo(1);
  }

  @Test
  void refundsGiveBackBucketsAndDaysButNotWindows() {
    Charge bucket = Charge.events("b", 80, 100, WINDOW);
    Charge day = Charge.daily("d", 80, 100, TODAY);
    Charge window = Charge.request("w", 1, WINDOW);
    store.take(List.of(bucket, day, window));

    store.refund(List.of(bucket, day, window));
    store.refund(List.of(bucket, day));

    // never above the bucket's limit nor below a day's zero
    assertThat(events(store, "b", 100, 100)).isZero();
    assertThat(events(store, "b", 1, 100)).isPositive();
    assertThat(daily(store, "d", 100, 100)).isZero();
    assertThat(request(store, "w", 1)).isPositive();
  }

  @Test
  void aRefundAfterMidnightLeavesTheNewDayAlone() {
    Charge yesterday = Charge.daily("d", 10, 10, TODAY);
    store.take(List.of(yesterday));
    clock.advance(Duration.ofMinutes(2));
    assertThat(daily(store, "d", 10, 10)).isZero();

    store.refund(List.of(yesterday));

    assertThat(daily(store, "d", 1, 10)).isPositive();
  }

  @Test
  void aLaterDayOfAnotherCollectorIsKept() {
    // a collector whose clock passed midnight first counted on the new day
    Charge tomorrow = Charge.daily("d", 10, 10, TODAY.plusDays(1));
    store.take(List.of(tomorrow));

    // one still on the old day counts on the new day too, not on a fresh old one
    assertThat(daily(store, "d", 1, 10)).isEqualTo(86_460);
  }

  @Test
  void twoChargesOnOneKeyAreAMistake() {
    assertThatThrownBy(
            () ->
                store.take(
                    List.of(Charge.request("k", 1, WINDOW), Charge.events("k", 1, 1, WINDOW))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("k");
  }

  @Test
  void noChargeIsTaken() {
    assertThat(store.take(List.of())).isEqualTo(Decision.TAKEN);
    store.refund(List.of());
  }
}
