package dev.upkeep.server.alerts;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upkeep.server.alerts.delivery.Alert;
import dev.upkeep.server.alerts.delivery.Deliverer;
import dev.upkeep.server.alerts.delivery.DeliveryAttempt;
import dev.upkeep.server.alerts.delivery.Destination;
import dev.upkeep.server.alerts.delivery.SmtpSettings;
import dev.upkeep.server.store.AlertRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends an alert that fired or resolved to every destination of its rule, through the {@link
 * Deliverer} (never on the caller's thread; attempts go to the store's delivery log). A destination
 * that cannot be built (an email rule without SMTP settings) logs one WARN line and is skipped.
 * Thread-safe.
 */
public final class AlertNotifier {
  private static final Logger LOG = LoggerFactory.getLogger(AlertNotifier.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Deliverer deliverer;
  private final SmtpSettings smtp;
  private final String publicUrl;

  /**
   * @param smtp the collector's SMTP server, or null when none is configured
   * @param publicUrl the collector's address as users reach it (for the dashboard link), or null
   */
  public AlertNotifier(Deliverer deliverer, SmtpSettings smtp, String publicUrl) {
    this.deliverer = deliverer;
    this.smtp = smtp;
    this.publicUrl = publicUrl;
  }

  /**
   * Checks that every destination can be built here (an email needs the collector's SMTP server).
   *
   * @throws IllegalArgumentException naming the first that cannot
   */
  public void check(List<Notify> to) {
    for (Notify n : to) {
      n.destination(smtp);
    }
  }

  /**
   * Delivers the alert to each destination.
   *
   * @param recovered whether it resolved (else it fired)
   * @return per destination, the delivery's last attempt
   */
  public List<CompletableFuture<DeliveryAttempt>> send(
      String project, RuleKind kind, List<Notify> to, AlertRecord alert, boolean recovered) {
    return send(alert(Long.toString(alert.id()), project, kind, alert, recovered), to, alert.id());
  }

  /**
   * Delivers a test alert (not stored: its attempts are not in the delivery log), as {@code upkeep
   * alert test} asks.
   *
   * @return per destination that could be built, the delivery's last attempt
   */
  public List<CompletableFuture<DeliveryAttempt>> sendTest(
      String project, RuleKind kind, List<Notify> to, AlertRecord alert) {
    String id = "test-" + java.util.UUID.randomUUID();
    return send(alert(id, project, kind, alert, false), to, alert.id());
  }

  private List<CompletableFuture<DeliveryAttempt>> send(Alert a, List<Notify> to, long alertId) {
    List<CompletableFuture<DeliveryAttempt>> out = new ArrayList<>();
    for (Notify n : to) {
      Destination d;
      try {
        d = n.destination(smtp);
      } catch (IllegalArgumentException e) {
        LOG.warn("alert {} of {}: {} skipped: {}", alertId, a.project(), n.type(), e.getMessage());
        continue;
      }
      out.add(deliverer.deliver(a, d));
    }
    return out;
  }

  private Alert alert(String id, String project, RuleKind kind, AlertRecord r, boolean recovered) {
    Map<String, Object> evidence;
    try {
      evidence =
          JSON.readValue(r.evidence(), new TypeReference<LinkedHashMap<String, Object>>() {});
    } catch (java.io.IOException e) {
      throw new IllegalStateException("alert " + r.id() + " has evidence that is not JSON", e);
    }
    return Alert.builder()
        .id(id)
        .project(project)
        .version(r.version().isEmpty() ? null : r.version())
        .rule(kind.id())
        .state(recovered ? Alert.State.RECOVERED : Alert.State.FIRING)
        .at(recovered && r.resolvedAt() != null ? r.resolvedAt() : r.firedAt())
        .summary(r.summary()) // the channels mark a recovery themselves
        .evidence(evidence)
        .link(publicUrl == null ? null : publicUrl + "/#project=" + project)
        .build();
  }
}
