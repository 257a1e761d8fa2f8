package dev.upkeep.server.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.upkeep.server.store.fault.StorageUnavailableException;
import dev.upkeep.server.store.jdbc.StorageFaults.Fault;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Calls fail at once during an outage, one probe at a time tries again, a success ends it. */
class StoreOutageTest {
  final AtomicLong now = new AtomicLong(1_000_000_000L);
  final StoreOutage outage = new StoreOutage("postgres:db", now::get);

  @Test
  void callsPassWhileTheDatabaseAnswers() {
    assertThat(outage.admit()).isFalse();
    outage.succeeded(false);
    assertThat(outage.down()).isFalse();
  }

  @Test
  void aConnectionFaultFailsCallsAtOnceThenLetsOneProbeThrough() {
    outage.failed(false, Fault.UNREACHABLE, new RuntimeException("refused"));
    assertThat(outage.down()).isTrue();
    assertThatThrownBy(outage::admit)
        .isInstanceOf(StorageUnavailableException.class)
        .hasMessageContaining("postgres:db is unreachable")
        .satisfies(
            e ->
                assertThat(((StorageUnavailableException) e).condition()).isEqualTo("unreachable"));

    advance(StoreOutage.FAIL_FAST);
    assertThat(outage.admit()).as("the probe").isTrue();
    assertThatThrownBy(outage::admit)
        .as("while the probe runs")
        .isInstanceOf(StorageUnavailableException.class);

    outage.failed(true, Fault.UNREACHABLE, null);
    assertThatThrownBy(outage::admit)
        .as("a failed probe restarts the wait")
        .isInstanceOf(StorageUnavailableException.class);
    advance(StoreOutage.FAIL_FAST);
    assertThat(outage.admit()).isTrue();
    outage.succeeded(true);

    assertThat(outage.down()).isFalse();
    assertThat(outage.admit()).isFalse();
    assertThat(outage.admit()).isFalse();
  }

  @Test
  void aProbeThatFailsOtherwiseLetsTheNextCallProbe() {
    outage.failed(false, Fault.TOO_MANY_CONNECTIONS, null);
    advance(StoreOutage.FAIL_FAST);
    assertThat(outage.admit()).isTrue();
    outage.failed(true, null, new IllegalArgumentException("bad input"));
    assertThat(outage.down()).isTrue();
    assertThat(outage.admit()).isTrue();
  }

  @Test
  void aHealthCheckThatSucceedsEndsAnOutageAtOnce() {
    outage.failed(false, Fault.UNREACHABLE, null);
    outage.succeeded(false);
    assertThat(outage.down()).isFalse();
    assertThat(outage.admit()).isFalse();
  }

  @Test
  void faultsOfOneCallStartNoOutage() {
    outage.failed(false, Fault.TIMED_OUT, null);
    outage.failed(false, Fault.NO_CONNECTION, null);
    outage.failed(false, Fault.DISK_FULL, null);
    outage.failed(false, null, new IllegalStateException("x"));
    assertThat(outage.down()).isFalse();
    assertThat(outage.admit()).isFalse();
  }

  private void advance(Duration d) {
    now.addAndGet(d.toNanos());
  }
}
