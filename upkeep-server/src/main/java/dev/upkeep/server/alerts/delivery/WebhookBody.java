package dev.upkeep.server.alerts.delivery;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The generic webhook body, version 1 of a stable shape (every key always present, in this order;
 * new keys may be added, none removed or renamed):
 *
 * <pre>{@code
 * {"type":"upkeep.alert","alert_id":"a-42","state":"firing","project":"owner/name",
 *  "version":"2.8.0","rule":"failure-rate","at":"2026-11-30T12:00:00Z",
 *  "summary":"owner/name 2.8.0: failure rate 12.5% (was 1.1%)","evidence":{...},
 *  "link":"https://upkeep.example.org/..."}
 * }</pre>
 *
 * {@code version} and {@code link} are null when the alert has none; {@code at} is ISO-8601 UTC.
 */
final class WebhookBody {
  static final String TYPE = "upkeep.alert";

  private WebhookBody() {}

  static byte[] of(Alert alert) {
    ObjectNode o = Json.object();
    o.put("type", TYPE);
    o.put("alert_id", alert.id());
    o.put("state", alert.state().wireName());
    o.put("project", alert.project());
    o.put("version", alert.version());
    o.put("rule", alert.rule());
    o.put("at", AlertText.time(alert.at()));
    o.put("summary", alert.summary());
    o.set("evidence", Json.MAPPER.valueToTree(alert.evidence()));
    o.put("link", alert.link());
    return Json.bytes(o);
  }
}
