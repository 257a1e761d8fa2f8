package dev.upkeep.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.upkeep.server.limits.LimitKeys;
import dev.upkeep.server.limits.LimitStore;
import dev.upkeep.server.limits.LimitStores;
import dev.upkeep.server.store.jdbc.JdbcStores;
import dev.upkeep.server.testing.MutableClock;
import dev.upkeep.server.testing.PostgresSchema;
import dev.upkeep.server.testing.TestRedis;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Two admissions, as two collectors have, on one shared limit store (PostgreSQL, Redis) and one
 * secret: together they allow what one allows, for every limit, and a refund on one is seen by the
 * other.
 */
class SharedAdmissionIT {
  enum Backend {
    POSTGRES,
    REDIS
  }

  private static final Duration WINDOW = Duration.ofSeconds(60);

  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T23:59:00Z"));
  private final List<AutoCloseable> closing = new ArrayList<>();
  private final String secret = LimitKeys.newSecret();
  private PostgresSchema pg;
  private TestRedis redis;

  @AfterEach
  void close() throws Exception {
    for (int i = closing.size() - 1; i >= 0; i--) {
      closing.get(i).close();
    }
  }

  /** One collector's admission on the backend. */
  private Admission collector(Backend backend, IngestLimits limits) {
    LimitStore store =
        switch (backend) {
          case POSTGRES -> {
            if (pg == null) {
              pg = PostgresSchema.create();
              JdbcStores.postgres(pg.url).close();
              closing.add(pg);
            }
            yield LimitStores.postgres(pg.url, clock);
          }
          case REDIS -> {
            if (redis == null) {
              redis = TestRedis.create();
              closing.add(redis);
            }
            yield LimitStores.redis(TestRedis.URL, redis.prefix, clock);
          }
        };
    closing.add(store);
    return new Admission(limits, store, LimitKeys.fromSecret(secret), clock);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void clientLimitIsSharedAndRefusesWithItsWait(Backend backend) {
    IngestLimits limits = new IngestLimits(100, 0, 0, WINDOW);
    Admission a = collector(backend, limits);
    Admission b = collector(backend, limits);

    a.admit("203.0.113.7", events(1, 60));
    b.admit("203.0.113.7", events(1, 60));

    assertThatThrownBy(() -> a.admit("203.0.113.7", events(1, 1)))
        .isInstanceOfSatisfying(
            IngestLimitException.class,
            e -> {
              assertThat(e.reason()).isEqualTo("client_limit");
              // 20 events of debt plus one at 100 a minute: 13 s
              assertThat(e.retryAfterSeconds()).isEqualTo(13);
            })
        .hasMessageContaining("client-event-limit");
    assertThatCode(() -> b.admit("198.51.100.4", events(1, 100))).doesNotThrowAnyException();
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void projectLimitAndDailyCapAreShared(Backend backend) {
    clock.set(Instant.parse("2026-12-06T23:58:00Z"));
    IngestLimits limits = new IngestLimits(0, 50, 80, WINDOW);
    Admission a = collector(backend, limits);
    Admission b = collector(backend, limits);

    a.admit("10.0.0.1", events(7, 50));
    assertThatThrownBy(() -> b.admit("10.0.0.2", events(7, 1)))
        .isInstanceOfSatisfying(
            IngestLimitException.class, e -> assertThat(e.reason()).isEqualTo("project_limit"));

    clock.advance(Duration.ofSeconds(30));
    b.admit("10.0.0.2", events(7, 25));
    clock.advance(Duration.ofSeconds(30));
    // 25 events back in the project's bucket, but 75 of the day's 80 taken
    assertThatThrownBy(() -> a.admit("10.0.0.1", events(7, 10)))
        .isInstanceOfSatisfying(
            IngestLimitException.class,
            e -> {
              assertThat(e.reason()).isEqualTo("daily_cap");
              assertThat(e.retryAfterSeconds()).isEqualTo(60);
            })
        .hasMessageContaining("for 2026-12-06");
    assertThatCode(() -> b.admit("10.0.0.2", events(7, 5))).doesNotThrowAnyException();
    assertThatCode(() -> a.admit("10.0.0.1", events(8, 50))).doesNotThrowAnyException();
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void aRefundOnOneCollectorIsSeenByTheOther(Backend backend) {
    IngestLimits limits = new IngestLimits(0, 0, 10, WINDOW);
    Admission a = collector(backend, limits);
    Admission b = collector(backend, limits);
    a.admit("10.0.0.1", events(3, 10));
    assertThatThrownBy(() -> b.admit("10.0.0.2", events(3, 1)))
        .isInstanceOf(IngestLimitException.class);

    a.refund("10.0.0.1", events(3, 10));

    assertThatCode(() -> b.admit("10.0.0.2", events(3, 10))).doesNotThrowAnyException();
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void aRefusedBatchOverSeveralProjectsTakesNothingOnEitherCollector(Backend backend) {
    IngestLimits limits = new IngestLimits(1_000, 0, 10, WINDOW);
    Admission a = collector(backend, limits);
    Admission b = collector(backend, limits);
    a.admit("10.0.0.1", events(2, 8));
    List<UsageEvent> mixed = new ArrayList<>(events(1, 10));
    mixed.addAll(events(2, 5));

    assertThatThrownBy(() -> b.admit("10.0.0.1", mixed)).isInstanceOf(IngestLimitException.class);

    assertThatCode(() -> a.admit("10.0.0.1", events(1, 10))).doesNotThrowAnyException();
    // The client's bucket lost only what was admitted, 18 of 1 000: 980 more over 98 projects
    // leave 2, so a request of 2 is taken and the next one refused.
    List<UsageEvent> spread = new ArrayList<>();
    for (long project = 3; project <= 100; project++) {
      spread.addAll(events(project, 10));
    }
    a.admit("10.0.0.1", spread);
    assertThatCode(() -> b.admit("10.0.0.1", events(101, 2))).doesNotThrowAnyException();
    assertThatThrownBy(() -> a.admit("10.0.0.1", events(102, 1)))
        .isInstanceOfSatisfying(
            IngestLimitException.class, e -> assertThat(e.reason()).isEqualTo("client_limit"));
  }

  private static List<UsageEvent> events(long project, int n) {
    List<UsageEvent> events = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      events.add(IngestPipelineTest.eventBuilder("e" + i).projectId(project).build());
    }
    return events;
  }
}
