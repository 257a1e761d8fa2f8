package dev.upkeep.server.alerts;

import dev.upkeep.server.alerts.delivery.Deliverer;
import dev.upkeep.server.alerts.delivery.SecretBox;
import dev.upkeep.server.audit.AuditLog;
import dev.upkeep.server.projects.ProjectRegistry;
import dev.upkeep.server.releasehealth.HealthReader;
import dev.upkeep.server.store.Store;
import dev.upkeep.server.versions.VersionCheck;
import java.io.IOException;
import java.io.UncheckedIOException;
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
  private final SecretBox secrets;
  private final Deliverer deliverer;

  private Alerting(
      AlertEvaluator evaluator,
      AlertSchedule schedule,
      AlertNotifier notifier,
      SecretBox secrets,
      Deliverer deliverer) {
    this.evaluator = evaluator;
    this.schedule = schedule;
    this.notifier = notifier;
    this.secrets = secrets;
    this.deliverer = deliverer;
  }

  /**
   * Opens (or makes) the secrets key and builds everything; starts nothing.
   *
   * @param data the collector's data directory, where the secrets key is by default
   * @throws UncheckedIOException when the secrets key cannot be made or read
   */
  public static Alerting create(
      AlertSettings settings,
      Path data,
      Store store,
      ProjectRegistry registry,
      VersionCheck versions,
      AuditLog audit,
      Clock clock) {
    SecretBox box;
    try {
      box = SecretBox.open(settings.secretsKeyIn(data));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "secrets-key-file " + settings.secretsKeyIn(data) + ": " + e.getMessage(), e);
    }
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
        new AlertSchedule(evaluator, settings.interval(), AlertSchedule.DEFAULT_INGEST_TRIGGER);
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

  /** Seals secrets into {@code enc:v1:} references. */
  public SecretBox secrets() {
    return secrets;
  }

  @Override
  public void close() {
    schedule.close();
    deliverer.close();
  }
}
