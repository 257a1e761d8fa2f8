package dev.upkeep.server.api.v1;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upkeep.server.alerts.Alerting;
import dev.upkeep.server.alerts.RuleSpec;
import dev.upkeep.server.alerts.delivery.DeliveryAttempt;
import dev.upkeep.server.audit.Actor;
import dev.upkeep.server.auth.Guard;
import dev.upkeep.server.http.ApiException;
import dev.upkeep.server.http.JsonBodies;
import dev.upkeep.server.projects.ProjectRegistry;
import dev.upkeep.server.store.AlertDelivery;
import dev.upkeep.server.store.AlertRecord;
import dev.upkeep.server.store.AlertRuleRecord;
import dev.upkeep.server.store.AlertStore;
import dev.upkeep.server.store.Project;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A project's alert rules and alerts (docs/api.md, "Alerts"): rules are listed with the master
 * token or the project's, added, removed and tested with the master token; alerts are listed
 * (newest first, with their delivery log when asked one by one) and acknowledged likewise.
 * Thread-safe.
 */
final class AlertRoutes {
  /** Alerts a list answers at most: {@value}. */
  static final int MAX_LISTED = 100;

  /** How long {@code test} waits for its deliveries: {@value} seconds. */
  static final int TEST_WAIT_SECONDS = 30;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ProjectRegistry registry;
  private final AlertStore alerts;
  private final Alerting alerting;
  private final Guard guard;
  private final JsonBodies bodies;
  private final Clock clock;

  AlertRoutes(
      ProjectRegistry registry,
      AlertStore alerts,
      Alerting alerting,
      Guard guard,
      JsonBodies bodies,
      Clock clock) {
    this.registry = registry;
    this.alerts = alerts;
    this.alerting = alerting;
    this.guard = guard;
    this.bodies = bodies;
    this.clock = clock;
  }

  /** {@code GET .../alert-rules}: {@code {"project", "rules": [{"id", "created_at", ...spec}]}}. */
  void listRules(Context ctx) {
    Project p = readable(ctx);
    List<Map<String, Object>> rules = new ArrayList<>();
    for (AlertRuleRecord r : alerts.rules(p.id())) {
      rules.add(rule(r));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("project", p.name());
    out.put("rules", rules);
    ctx.json(out);
  }

  /**
   * {@code POST .../alert-rules} with a rule ({@link RuleSpec}'s JSON) → 201 and the rule with its
   * id; 400 naming the field that is wrong, or a destination that cannot be built.
   */
  void addRule(Context ctx) {
    Actor actor = guard.requireMaster(ctx);
    Project p = registry.require(ProjectRoutes.projectName(ctx));
    RuleSpec spec;
    try {
      spec = RuleSpec.parse(bodies.object(ctx));
      alerting.notifier().check(spec.destinations());
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
    AlertRuleRecord r = alerts.addRule(p.id(), spec.toJson(), clock.instant());
    actor.did("alert.rule.add", p.name() + " " + r.id() + " " + spec.when().id());
    ctx.status(201).json(rule(r));
  }

  /** {@code DELETE .../alert-rules/{id}}: the rule, its alerts and their log; 404 if none. */
  void removeRule(Context ctx) {
    Actor actor = guard.requireMaster(ctx);
    Project p = registry.require(ProjectRoutes.projectName(ctx));
    long id = id(ctx);
    if (!alerts.removeRule(p.id(), id)) {
      throw ApiException.notFound("Project " + p.name() + " has no alert rule " + id + ".");
    }
    actor.did("alert.rule.remove", p.name() + " " + id);
    ctx.status(204);
  }

  /**
   * {@code POST .../alert-rules/{id}/test}: sends a test alert ({@code "state": "firing"}, summary
   * starting {@code test:}) to every destination of the rule and waits up to {@value
   * #TEST_WAIT_SECONDS} s for the deliveries: {@code {"deliveries": [{"destination", "outcome",
   * "attempts", "http_status", "error"}]}}. Not stored, not in the delivery log.
   */
  void testRule(Context ctx) {
    guard.requireMaster(ctx);
    Project p = registry.require(ProjectRoutes.projectName(ctx));
    long id = id(ctx);
    AlertRuleRecord r =
        alerts.rules(p.id()).stream()
            .filter(x -> x.id() == id)
            .findFirst()
            .orElseThrow(
                () ->
                    ApiException.notFound(
                        "Project " + p.name() + " has no alert rule " + id + "."));
    RuleSpec spec = RuleSpec.parse(r.spec());
    if (spec.destinations().isEmpty()) {
      throw ApiException.badRequest(
          "Alert rule " + id + " has no destination to test: add one with --notify.");
    }
    AlertRecord test =
        new AlertRecord(
            0,
            id,
            p.id(),
            "",
            AlertRecord.State.FIRING,
            clock.instant(),
            null,
            null,
            "test: alert rule " + id + " (" + spec.when().id() + ") of " + p.name(),
            "{\"test\":true}",
            null);
    List<CompletableFuture<DeliveryAttempt>> sent =
        alerting.notifier().sendTest(p.name(), spec.when(), spec.destinations(), test);
    List<Map<String, Object>> out = new ArrayList<>();
    for (CompletableFuture<DeliveryAttempt> f : sent) {
      Map<String, Object> m = new LinkedHashMap<>();
      try {
        DeliveryAttempt a = f.get(TEST_WAIT_SECONDS, TimeUnit.SECONDS);
        m.put("destination", a.destination());
        m.put("outcome", a.outcome().name().toLowerCase(java.util.Locale.ROOT));
        m.put("attempts", a.attempt());
        m.put("http_status", a.httpStatus());
        m.put("error", a.error());
      } catch (java.util.concurrent.TimeoutException e) {
        m.put("outcome", "pending");
        m.put("error", "still retrying after " + TEST_WAIT_SECONDS + " s");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw ApiException.of(503, "Service Unavailable", "interrupted");
      } catch (java.util.concurrent.ExecutionException e) {
        m.put("outcome", "failed");
        m.put("error", String.valueOf(e.getCause().getMessage()));
      }
      out.add(m);
    }
    ctx.json(Map.of("deliveries", out));
  }

  /**
   * {@code GET .../alerts[?state=firing|acknowledged|resolved|open]}: {@code {"project", "alerts":
   * [...]}}, newest first, at most {@value #MAX_LISTED}.
   */
  void listAlerts(Context ctx) {
    Project p = readable(ctx);
    String state = ctx.queryParam("state");
    if (state != null && !List.of("firing", "acknowledged", "resolved", "open").contains(state)) {
      throw ApiException.badRequest(
          "state must be firing, acknowledged, resolved or open, was \"" + state + "\"");
    }
    Map<Long, String> kinds = kinds(p);
    List<Map<String, Object>> out = new ArrayList<>();
    for (AlertRecord a : alerts.alerts(p.id(), MAX_LISTED)) {
      boolean open = a.state() != AlertRecord.State.RESOLVED;
      if (state == null || state.equals(a.state().id()) || (state.equals("open") && open)) {
        out.add(alert(a, kinds));
      }
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("project", p.name());
    m.put("alerts", out);
    ctx.json(m);
  }

  /** {@code GET .../alerts/{id}}: the alert with {@code "deliveries"}, its delivery log. */
  void showAlert(Context ctx) {
    Project p = readable(ctx);
    long id = id(ctx);
    AlertRecord a = alerts.alert(p.id(), id).orElseThrow(() -> noAlert(p, id));
    Map<String, Object> m = alert(a, kinds(p));
    List<Map<String, Object>> log = new ArrayList<>();
    for (AlertDelivery d : alerts.deliveries(a.id())) {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("delivery_id", d.deliveryId());
      x.put("destination", d.destination());
      x.put("attempt", d.attempt());
      x.put("at", d.at().toString());
      x.put("outcome", d.outcome());
      x.put("http_status", d.httpStatus());
      x.put("error", d.error());
      log.add(x);
    }
    m.put("deliveries", log);
    ctx.json(m);
  }

  /**
   * {@code POST .../alerts/{id}/ack}: a firing alert becomes acknowledged (it does not fire again
   * while its rule holds); the alert as it is now. 404 if the project has no such alert.
   */
  void acknowledge(Context ctx) {
    Actor actor = guard.requireMaster(ctx);
    Project p = registry.require(ProjectRoutes.projectName(ctx));
    long id = id(ctx);
    AlertRecord a =
        alerts.acknowledge(p.id(), id, clock.instant()).orElseThrow(() -> noAlert(p, id));
    actor.did("alert.ack", p.name() + " " + id);
    ctx.json(alert(a, kinds(p)));
  }

  /**
   * {@code POST /v1/alert-secrets {"value": "..."}}: the value sealed with the collector's secrets
   * key, {@code {"secret": "enc:v1:..."}}, for a rule's {@code secret} or {@code url} or the {@code
   * smtp-password} setting. The value is neither stored nor logged.
   */
  void seal(Context ctx) {
    Actor actor = guard.requireMaster(ctx);
    String value = JsonBodies.text(bodies.object(ctx), "value");
    String sealed = alerting.secrets().seal(value).text();
    actor.did("alert.secret.seal", "(a value)");
    ctx.json(Map.of("secret", sealed));
  }

  private Project readable(Context ctx) {
    String name = ProjectRoutes.projectName(ctx);
    guard.requireRead(ctx, name);
    return registry.require(name);
  }

  private static ApiException noAlert(Project p, long id) {
    return ApiException.notFound("Project " + p.name() + " has no alert " + id + ".");
  }

  /** The kind ({@code failure-rate}, ...) of each of the project's rules, by id. */
  private Map<Long, String> kinds(Project p) {
    Map<Long, String> out = new java.util.HashMap<>();
    for (AlertRuleRecord r : alerts.rules(p.id())) {
      out.put(r.id(), RuleSpec.parse(r.spec()).when().id());
    }
    return out;
  }

  private static long id(Context ctx) {
    String text = ctx.pathParam("id");
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("id must be a number, was \"" + text + "\"");
    }
  }

  private static Map<String, Object> rule(AlertRuleRecord r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", r.id());
    m.put("created_at", r.createdAt().toString());
    m.putAll(json(r.spec()));
    return m;
  }

  /**
   * {@code {"id", "rule_id", "rule", "version", "state", "fired_at", "acked_at", "resolved_at",
   * "summary", "evidence", "flag_reason"}}; {@code version} null for a rule of the whole project.
   */
  private static Map<String, Object> alert(AlertRecord a, Map<Long, String> kinds) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", a.id());
    m.put("rule_id", a.ruleId());
    m.put("rule", kinds.get(a.ruleId()));
    m.put("version", a.version().isEmpty() ? null : a.version());
    m.put("state", a.state().id());
    m.put("fired_at", a.firedAt().toString());
    m.put("acked_at", a.ackedAt() == null ? null : a.ackedAt().toString());
    m.put("resolved_at", a.resolvedAt() == null ? null : a.resolvedAt().toString());
    m.put("summary", a.summary());
    m.put("evidence", json(a.evidence()));
    m.put("flag_reason", a.flagReason());
    return m;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> json(String text) {
    try {
      return JSON.readValue(text, LinkedHashMap.class);
    } catch (IOException e) {
      throw new IllegalStateException("stored JSON cannot be read: " + e.getMessage(), e);
    }
  }
}
