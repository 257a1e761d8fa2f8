package dev.upkeep.server.store.jdbc;

import dev.upkeep.server.store.AlertDelivery;
import dev.upkeep.server.store.AlertRecord;
import dev.upkeep.server.store.AlertRuleRecord;
import dev.upkeep.server.store.AlertStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * {@link AlertStore} in {@code alert_rules}, {@code alerts} and {@code alert_deliveries} (migration
 * V18). {@link #fire} is one {@code INSERT … ON CONFLICT DO NOTHING RETURNING} on the partial
 * unique index of open alerts, so of several collectors firing the same alert at once exactly one
 * gets it. Thread-safe.
 */
final class JdbcAlertStore implements AlertStore {
  private static final String RULE_COLUMNS =
      "r.id, r.project_id, p.name AS project, r.spec, r.created_at"
          + " FROM alert_rules r JOIN projects p ON p.id = r.project_id";
  private static final RowMapper<AlertRuleRecord> RULE =
      (rs, ctx) ->
          new AlertRuleRecord(
              rs.getLong("id"),
              rs.getLong("project_id"),
              rs.getString("project"),
              rs.getString("spec"),
              Instant.ofEpochMilli(rs.getLong("created_at")));
  private static final String ALERT_COLUMNS =
      "id, rule_id, project_id, version, state, fired_at, acked_at, resolved_at, summary,"
          + " evidence, flag_reason";
  private static final RowMapper<AlertRecord> ALERT =
      (rs, ctx) ->
          new AlertRecord(
              rs.getLong("id"),
              rs.getLong("rule_id"),
              rs.getLong("project_id"),
              rs.getString("version"),
              AlertRecord.State.of(rs.getString("state")),
              Instant.ofEpochMilli(rs.getLong("fired_at")),
              instant(rs, "acked_at"),
              instant(rs, "resolved_at"),
              rs.getString("summary"),
              rs.getString("evidence"),
              rs.getString("flag_reason"));
  private static final RowMapper<AlertDelivery> DELIVERY =
      (rs, ctx) ->
          new AlertDelivery(
              rs.getLong("alert_id"),
              rs.getString("delivery_id"),
              rs.getString("destination"),
              rs.getInt("attempt"),
              Instant.ofEpochMilli(rs.getLong("at")),
              rs.getString("outcome"),
              rs.getInt("http_status"),
              rs.getString("error"));

  private final Jdbi jdbi;

  JdbcAlertStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    long millis = rs.getLong(column);
    return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
  }

  @Override
  public AlertRuleRecord addRule(long projectId, String spec, Instant at) {
    return jdbi.inTransaction(
        h -> {
          long id =
              h.createUpdate(
                      "INSERT INTO alert_rules (project_id, spec, created_at) VALUES (:p, :s, :at)")
                  .bind("p", projectId)
                  .bind("s", spec)
                  .bind("at", at.toEpochMilli())
                  .executeAndReturnGeneratedKeys("id")
                  .mapTo(Long.class)
                  .one();
          return rule(h, id).orElseThrow();
        });
  }

  private static Optional<AlertRuleRecord> rule(Handle h, long id) {
    return h.createQuery("SELECT " + RULE_COLUMNS + " WHERE r.id = :id")
        .bind("id", id)
        .map(RULE)
        .findOne();
  }

  @Override
  public List<AlertRuleRecord> rules(long projectId) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT " + RULE_COLUMNS + " WHERE r.project_id = :p ORDER BY r.id")
                .bind("p", projectId)
                .map(RULE)
                .list());
  }

  @Override
  public List<AlertRuleRecord> allRules() {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT " + RULE_COLUMNS + " ORDER BY r.project_id, r.id")
                .map(RULE)
                .list());
  }

  @Override
  public boolean removeRule(long projectId, long ruleId) {
    return jdbi.inTransaction(
        h -> {
          h.createUpdate(
                  "DELETE FROM alert_deliveries WHERE alert_id IN"
                      + " (SELECT a.id FROM alerts a JOIN alert_rules r ON r.id = a.rule_id"
                      + " WHERE r.id = :r AND r.project_id = :p)")
              .bind("r", ruleId)
              .bind("p", projectId)
              .execute();
          h.createUpdate(
                  "DELETE FROM alerts WHERE rule_id IN"
                      + " (SELECT id FROM alert_rules WHERE id = :r AND project_id = :p)")
              .bind("r", ruleId)
              .bind("p", projectId)
              .execute();
          return h.createUpdate("DELETE FROM alert_rules WHERE id = :r AND project_id = :p")
                  .bind("r", ruleId)
                  .bind("p", projectId)
                  .execute()
              == 1;
        });
  }

  @Override
  public Optional<AlertRecord> fire(
      AlertRuleRecord rule, String version, Instant at, String summary, String evidence) {
    return jdbi.inTransaction(
        h ->
            h.createQuery(
                    "INSERT INTO alerts (rule_id, project_id, version, state, fired_at, summary,"
                        + " evidence) VALUES (:r, :p, :v, 'firing', :at, :s, :e)"
                        + " ON CONFLICT (rule_id, version) WHERE state <> 'resolved' DO NOTHING"
                        + " RETURNING "
                        + ALERT_COLUMNS)
                .bind("r", rule.id())
                .bind("p", rule.projectId())
                .bind("v", version)
                .bind("at", at.toEpochMilli())
                .bind("s", summary)
                .bind("e", evidence)
                .map(ALERT)
                .findOne());
  }

  @Override
  public Optional<AlertRecord> alert(long projectId, long alertId) {
    return jdbi.withHandle(h -> alert(h, projectId, alertId));
  }

  private static Optional<AlertRecord> alert(Handle h, long projectId, long alertId) {
    return h.createQuery(
            "SELECT " + ALERT_COLUMNS + " FROM alerts WHERE id = :id AND project_id = :p")
        .bind("id", alertId)
        .bind("p", projectId)
        .map(ALERT)
        .findOne();
  }

  @Override
  public List<AlertRecord> open(long ruleId) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT "
                        + ALERT_COLUMNS
                        + " FROM alerts WHERE rule_id = :r AND state <> 'resolved' ORDER BY id")
                .bind("r", ruleId)
                .map(ALERT)
                .list());
  }

  @Override
  public Optional<AlertRecord> acknowledge(long projectId, long alertId, Instant at) {
    return jdbi.inTransaction(
        h -> {
          h.createUpdate(
                  "UPDATE alerts SET state = 'acknowledged', acked_at = :at"
                      + " WHERE id = :id AND project_id = :p AND state = 'firing'")
              .bind("at", at.toEpochMilli())
              .bind("id", alertId)
              .bind("p", projectId)
              .execute();
          return alert(h, projectId, alertId);
        });
  }

  @Override
  public boolean resolve(long alertId, Instant at) {
    return jdbi.withHandle(
        h ->
            h.createUpdate(
                        "UPDATE alerts SET state = 'resolved', resolved_at = :at"
                            + " WHERE id = :id AND state <> 'resolved'")
                    .bind("at", at.toEpochMilli())
                    .bind("id", alertId)
                    .execute()
                == 1);
  }

  @Override
  public void markFlagged(long alertId, String reason) {
    jdbi.useHandle(
        h ->
            h.createUpdate("UPDATE alerts SET flag_reason = :r WHERE id = :id")
                .bind("r", reason)
                .bind("id", alertId)
                .execute());
  }

  @Override
  public List<AlertRecord> alerts(long projectId, int limit) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT "
                        + ALERT_COLUMNS
                        + " FROM alerts WHERE project_id = :p ORDER BY fired_at DESC, id DESC"
                        + " LIMIT :n")
                .bind("p", projectId)
                .bind("n", limit)
                .map(ALERT)
                .list());
  }

  @Override
  public void recordDelivery(AlertDelivery d) {
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "INSERT INTO alert_deliveries (alert_id, delivery_id, destination, attempt, at,"
                        + " outcome, http_status, error)"
                        + " VALUES (:a, :d, :dest, :n, :at, :o, :s, :e)")
                .bind("a", d.alertId())
                .bind("d", d.deliveryId())
                .bind("dest", d.destination())
                .bind("n", d.attempt())
                .bind("at", d.at().toEpochMilli())
                .bind("o", d.outcome())
                .bind("s", d.httpStatus())
                .bind("e", d.error())
                .execute());
  }

  @Override
  public List<AlertDelivery> deliveries(long alertId) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT alert_id, delivery_id, destination, attempt, at, outcome, http_status,"
                        + " error FROM alert_deliveries WHERE alert_id = :a ORDER BY at, delivery_id, attempt")
                .bind("a", alertId)
                .map(DELIVERY)
                .list());
  }
}
