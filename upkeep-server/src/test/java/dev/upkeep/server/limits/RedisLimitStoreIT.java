package dev.upkeep.server.limits;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upkeep.server.testing.MutableClock;
import dev.upkeep.server.testing.TestRedis;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The contract on the local Redis (a random key prefix per test, its keys deleted after), the
 * stores used bare so that a failure shows instead of being counted locally.
 */
class RedisLimitStoreIT extends SharedLimitStoreContract {
  private TestRedis redis;

  @Override
  LimitStore newStore(MutableClock clock) {
    if (redis == null) {
      redis = TestRedis.create();
    }
    return new RedisLimitStore(TestRedis.URL, redis.prefix, clock);
  }

  @AfterEach
  void deleteKeys() {
    closeStores();
    opened.clear();
    if (redis != null) {
      redis.close();
    }
  }

  @Test
  void countersExpireOnceTheyEqualNewOnes() {
    request(store, "r:window", 10);
    events(store, "c:bucket", 30, 60);
    daily(store, "d:day", 1, 10);

    assertThat(redis.keys())
        .containsExactlyInAnyOrder(
            redis.prefix + "r:window", redis.prefix + "c:bucket", redis.prefix + "d:day");
    // the window's minute, the bucket's 30 s to refill, the minute to midnight; a second more
    assertThat(redis.redis().pttl(redis.prefix + "r:window")).isBetween(60_000L, 61_000L);
    assertThat(redis.redis().pttl(redis.prefix + "c:bucket")).isBetween(30_000L, 31_000L);
    assertThat(redis.redis().pttl(redis.prefix + "d:day")).isBetween(60_000L, 61_000L);
  }

  @Test
  void aRefusedDecisionWritesNothing() {
    assertThat(request(store, "r:full", 1)).isZero();
    Decision d =
        store.take(
            List.of(Charge.request("r:full", 1, WINDOW), Charge.events("c:new", 5, 10, WINDOW)));

    assertThat(d.refused()).isZero();
    assertThat(redis.keys()).containsExactly(redis.prefix + "r:full");
  }

  @Test
  void aScriptRedisForgotIsLoadedAgain() {
    assertThat(request(store, "r:k", 2)).isZero();
    redis.redis().scriptFlush();

    assertThat(request(store, "r:k", 2)).isZero();
    assertThat(request(store, "r:k", 2)).isEqualTo(60);
  }

  @Test
  void tokensKeepTheirFullPrecision() {
    events(store, "c:third", 1, 3);
    clock.advance(Duration.ofMillis(7));

    Map<String, String> hash = redis.redis().hgetall(redis.prefix + "c:third");
    assertThat(Double.parseDouble(hash.get("a"))).isEqualTo(2.0);
    events(store, "c:third", 1, 3);
    hash = redis.redis().hgetall(redis.prefix + "c:third");
    // 2 + 7 ms at 3 per minute, minus 1, to the last bit (as Java and PostgreSQL compute it)
    assertThat(Double.parseDouble(hash.get("a")))
        .isEqualTo(Math.min(3, 2 + 7 * (3.0 / 60_000)) - 1);
  }
}
