package dev.upkeep.server.alerts;

import dev.upkeep.server.alerts.delivery.Deliverer;
import dev.upkeep.server.alerts.delivery.SecretBox;
import dev.upkeep.server.audit.AuditLog;
import dev.upkeep.server.projects.ProjectRegistry;
import dev.upkeep.server.releasehealth.HealthReader;
import dev.upkeep.server.store.Store;
import dev.upkeep.server.versions.VersionCheck;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The collector's release health alerts, wired: the evaluator with its schedule, the notifier with
 * its deliverer (attempts logged in the store), automatic flags, and the box {@code enc:v1:}
 * secrets are sealed with. Built once per collector; {@link #close()} stops the schedule and the
 * deliveries. Thread-safe.
 */
public final class Alerting implements AutoCloseable {
  private final AlertEvaluator evaluator;
  private final AlertSchedule schedule;
  private final AlertNotifier notifier;
  private final SecretsKey secrets;
  private final Deliverer deliverer;

  private Alerting(
      AlertEvaluator evaluator,
      AlertSchedule schedule,
      AlertNotifier notifier,
      SecretsKey secrets,
      Deliverer deliverer) {
    this.evaluator = evaluator;
    this.schedule = schedule;
    this.notifier = notifier;
    this.secrets = secrets;
    this.deliverer = deliverer;
  }

  /**
   * Builds everything; starts nothing, opens no file (the secrets key is opened when first needed).
   *
   * @param data the collector's data directory, where the secrets key is by default
   */
  public static Alerting create(
      AlertSettings settings,
      Path data,
      Store store,
      ProjectRegistry registry,
      VersionCheck versions,
      AuditLog audit,
      Clock clock) {
    SecretsKey box = new SecretsKey(settings.secretsKeyIn(data));
    Deliverer deliverer =
        Deliverer.builder(clock, new StoreDeliveryLog(store.alerts())).secretBox(box).build();
    AlertNotifier notifier = new AlertNotifier(deliverer, settings.smtp(), settings.publicUrl());
    AlertEvaluator evaluator =
        new AlertEvaluator(
            store.alerts(),
            store.events(),
            new HealthReader(store.events(), clock),
            versions,
            new AutoFlag(registry, versions, store.alerts(), audit),
            notifier,
            clock);
    AlertSchedule schedule =
        new AlertSchedule(
            evaluator::evaluateAll, settings.interval(), AlertSchedule.DEFAULT_INGEST_TRIGGER);
    return new Alerting(evaluator, schedule, notifier, box, deliverer);
  }

  public AlertEvaluator evaluator() {
    return evaluator;
  }

  /** When the rules are evaluated; also counts what the ingest pipeline stores. */
  public AlertSchedule schedule() {
    return schedule;
  }

  public AlertNotifier notifier() {
    return notifier;
  }

  /**
   * Seals secrets into {@code enc:v1:} references; the key is made the first time.
   *
   * @throws IllegalStateException naming the key file when it cannot be made or read
   */
  public SecretBox secrets() {
    return secrets.get();
  }

  @Override
  public void close() {
    schedule.close();
    deliverer.close();
  }
}
