package dev.upkeep.server.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upkeep.server.store.AlertDelivery;
import dev.upkeep.server.store.AlertRecord;
import dev.upkeep.server.store.AlertRuleRecord;
import dev.upkeep.server.store.AlertStore;
import dev.upkeep.server.store.Store;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The {@link AlertStore} part of the storage contract, run by {@code StoreContract.Alerts} on every
 * backend: rules, one open alert per rule and version (also when several threads fire at once),
 * acknowledge, resolve, the delivery log, and removing a rule with what it fired.
 */
final class AlertsContract {
  static final Instant T = Instant.parse("2026-03-01T12:00:00Z");

  private AlertsContract() {}

  static void anAlertIsOpenOncePerRuleAndVersionUntilItResolves(Store store) {
    AlertStore alerts = store.alerts();
    long p = store.projects().register("acme/alerts").orElseThrow().id();
    AlertRuleRecord rule = alerts.addRule(p, "{\"when\":\"failure-rate\"}", T);
    assertThat(rule.project()).isEqualTo("acme/alerts");
    assertThat(alerts.rules(p)).containsExactly(rule);
    assertThat(alerts.allRules()).containsExactly(rule);

    AlertRecord fired =
        alerts.fire(rule, "1.1.0", T, "1.1.0 fails", "{\"runs\":400}").orElseThrow();
    assertThat(fired.state()).isEqualTo(AlertRecord.State.FIRING);
    assertThat(fired.evidence()).isEqualTo("{\"runs\":400}");
    assertThat(alerts.fire(rule, "1.1.0", T, "again", "{}")).as("open already").isEmpty();
    assertThat(alerts.fire(rule, "1.0.0", T, "other version", "{}")).isPresent();

    AlertRecord acked = alerts.acknowledge(p, fired.id(), T.plusSeconds(60)).orElseThrow();
    assertThat(acked.state()).isEqualTo(AlertRecord.State.ACKNOWLEDGED);
    assertThat(acked.ackedAt()).isEqualTo(T.plusSeconds(60));
    assertThat(alerts.fire(rule, "1.1.0", T, "again", "{}")).as("acknowledged is open").isEmpty();
    assertThat(alerts.acknowledge(p + 1, fired.id(), T)).as("another project's").isEmpty();

    alerts.markFlagged(fired.id(), "fails one run in ten");
    assertThat(alerts.resolve(fired.id(), T.plusSeconds(120))).isTrue();
    assertThat(alerts.resolve(fired.id(), T.plusSeconds(121))).as("resolved once").isFalse();
    assertThat(alerts.open(rule.id())).extracting(AlertRecord::version).containsExactly("1.0.0");
    AlertRecord again = alerts.fire(rule, "1.1.0", T.plusSeconds(180), "back", "{}").orElseThrow();
    assertThat(again.id()).isNotEqualTo(fired.id());

    List<AlertRecord> all = alerts.alerts(p, 10);
    assertThat(all).extracting(AlertRecord::id).first().isEqualTo(again.id());
    AlertRecord old = all.stream().filter(a -> a.id() == fired.id()).findFirst().orElseThrow();
    assertThat(old.state()).isEqualTo(AlertRecord.State.RESOLVED);
    assertThat(old.flagReason()).isEqualTo("fails one run in ten");
    assertThat(old.resolvedAt()).isEqualTo(T.plusSeconds(120));
  }

  static void deliveriesAreLoggedAndGoWithTheirRule(Store store) {
    AlertStore alerts = store.alerts();
    long p = store.projects().register("acme/log").orElseThrow().id();
    AlertRuleRecord rule = alerts.addRule(p, "{}", T);
    AlertRecord a = alerts.fire(rule, "", T, "silent", "{}").orElseThrow();
    AlertDelivery first =
        new AlertDelivery(a.id(), "d-1", "webhook https://h/x", 1, T, "retrying", 500, "HTTP 500");
    AlertDelivery second =
        new AlertDelivery(
            a.id(), "d-1", "webhook https://h/x", 2, T.plusSeconds(1), "delivered", 200, null);
    alerts.recordDelivery(first);
    alerts.recordDelivery(second);
    assertThat(alerts.deliveries(a.id())).containsExactly(first, second);

    assertThat(alerts.removeRule(p + 1, rule.id())).as("another project's").isFalse();
    assertThat(alerts.removeRule(p, rule.id())).isTrue();
    assertThat(alerts.rules(p)).isEmpty();
    assertThat(alerts.alerts(p, 10)).isEmpty();
    assertThat(alerts.deliveries(a.id())).isEmpty();
  }

  static void ofSeveralFiringAtOnceExactlyOneGetsTheAlert(Store store) throws Exception {
    AlertStore alerts = store.alerts();
    long p = store.projects().register("acme/race").orElseThrow().id();
    AlertRuleRecord rule = alerts.addRule(p, "{}", T);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      for (int round = 0; round < 10; round++) {
        String version = "1." + round;
        List<Callable<Optional<AlertRecord>>> tasks = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
          tasks.add(() -> alerts.fire(rule, version, T, "x", "{}"));
        }
        int won = 0;
        for (Future<Optional<AlertRecord>> f : pool.invokeAll(tasks)) {
          won += f.get().isPresent() ? 1 : 0;
        }
        assertThat(won).as("round " + round).isEqualTo(1);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(alerts.open(rule.id())).hasSize(10);
  }
}
