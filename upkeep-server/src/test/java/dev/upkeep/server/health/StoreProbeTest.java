package dev.upkeep.server.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upkeep.server.store.ChangeLog;
import dev.upkeep.server.store.EventStore;
import dev.upkeep.server.store.InstallStore;
import dev.upkeep.server.store.PrivacyStore;
import dev.upkeep.server.store.ProjectStore;
import dev.upkeep.server.store.ReleaseStore;
import dev.upkeep.server.store.Store;
import dev.upkeep.server.store.StoreException;
import dev.upkeep.server.store.TokenStore;
import dev.upkeep.server.store.VersionSourceStore;
import dev.upkeep.server.store.fault.StorageUnavailableException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The health check's store probe answers within its timeout and runs one check at a time. */
class StoreProbeTest {
  final ExecutorService executor = Executors.newCachedThreadPool();
  final AtomicReference<RuntimeException> fails = new AtomicReference<>();
  final AtomicInteger checks = new AtomicInteger();
  volatile CountDownLatch hang = new CountDownLatch(0);

  final Store store =
      new Store() {
        @Override
        public void check() {
          checks.incrementAndGet();
          try {
            hang.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          RuntimeException e = fails.get();
          if (e != null) {
            throw e;
          }
        }

        @Override
        public String describe() {
          return "postgres:jdbc:postgresql://db/upkeep";
        }

        @Override
        public EventStore events() {
          throw new UnsupportedOperationException();
        }

        @Override
        public ProjectStore projects() {
          throw new UnsupportedOperationException();
        }

        @Override
        public ChangeLog changes() {
          throw new UnsupportedOperationException();
        }

        @Override
        public PrivacyStore privacy() {
          throw new UnsupportedOperationException();
        }

        @Override
        public dev.upkeep.server.store.AlertStore alerts() {
          throw new UnsupportedOperationException();
        }

        @Override
        public ReleaseStore releases() {
          throw new UnsupportedOperationException();
        }

        @Override
        public TokenStore tokens() {
          throw new UnsupportedOperationException();
        }

        @Override
        public InstallStore installs() {
          throw new UnsupportedOperationException();
        }

        @Override
        public VersionSourceStore versionSources() {
          throw new UnsupportedOperationException();
        }

        @Override
        public void close() {}
      };

  final StoreProbe probe = new StoreProbe(store, executor, Duration.ofMillis(300));

  @AfterEach
  void stop() {
    hang.countDown();
    executor.shutdownNow();
  }

  @Test
  void aStoreThatAnswersIsReachableWithItsLatency() {
    StoreProbe.Result r = probe.check();
    assertThat(r.reachable()).isTrue();
    assertThat(r.latencyMillis()).isBetween(0L, 300L);
    assertThat(r.condition()).isNull();
  }

  @Test
  void anUnavailableStoreNamesItsConditionOnly() {
    fails.set(new StorageUnavailableException("unreachable", "the store x is unreachable", null));
    StoreProbe.Result r = probe.check();
    assertThat(r.reachable()).isFalse();
    assertThat(r.condition()).isEqualTo("unreachable");
    fails.set(new StoreException("SELECT 1 failed: relation \"secret\" does not exist", null));
    assertThat(probe.check().condition()).isEqualTo("failed");
  }

  @Test
  void aStoreThatHangsIsUnreachableAfterTheTimeoutAndHoldsOneThread() throws Exception {
    hang = new CountDownLatch(1);
    Future<StoreProbe.Result> first = executor.submit(probe::check);
    Future<StoreProbe.Result> second = executor.submit(probe::check);
    long start = System.nanoTime();
    StoreProbe.Result r = first.get(5, TimeUnit.SECONDS);
    assertThat(r.reachable()).isFalse();
    assertThat(r.condition()).isEqualTo("no answer within 300 ms");
    assertThat(second.get(5, TimeUnit.SECONDS).reachable()).isFalse();
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(2_000);
    assertThat(probe.check().reachable()).as("still hanging").isFalse();
    assertThat(checks).as("one check for every caller while it hangs").hasValue(1);

    hang.countDown();
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> probe.check().reachable());
    assertThat(checks).hasValueGreaterThanOrEqualTo(2);
  }

  @Test
  void kindIsWhatDescribeStartsWith() {
    assertThat(HealthRoute.kind("postgres:jdbc:postgresql://db/upkeep")).isEqualTo("postgres");
    assertThat(HealthRoute.kind("sqlite:/srv/upkeep/upkeep.db")).isEqualTo("sqlite");
  }
}
