package dev.upkeep.server.alerts.delivery;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * The body of a Slack incoming webhook (Block Kit): {@code text} is the notification's fallback
 * (the headline), {@code blocks} a section with the headline (linked to the dashboard), a section
 * of evidence fields (at most {@link #MAX_FIELDS}, Slack's limit) and a context line.
 *
 * <pre>{@code
 * {"text":"[FIRING] owner/name 2.8.0: failure rate 12.5% (was 1.1%)",
 *  "blocks":[
 *   {"type":"section","text":{"type":"mrkdwn","text":":red_circle: *[FIRING]* <https://…|owner/name 2.8.0: …>"}},
 *   {"type":"section","fields":[{"type":"mrkdwn","text":"*runs*\n812"}, …]},
 *   {"type":"context","elements":[{"type":"mrkdwn","text":"rule failure-rate · alert a-42 · 2026-11-30T12:00:00Z"}]}]}
 * }</pre>
 */
final class SlackBody {
  /** Slack's limit of fields in one section: {@value}. */
  static final int MAX_FIELDS = 10;

  /** Slack's limit of one field's text: {@value} characters. */
  static final int MAX_FIELD_CHARS = 2000;

  private SlackBody() {}

  static byte[] of(Alert alert) {
    ObjectNode body = Json.object();
    body.put("text", AlertText.headline(alert));
    ArrayNode blocks = body.putArray("blocks");

    String emoji = alert.state() == Alert.State.FIRING ? ":red_circle:" : ":large_green_circle:";
    String summary = escape(alert.summary());
    String title =
        alert.link() == null ? summary : "<" + escape(alert.link()) + "|" + summary + ">";
    blocks.add(section(emoji + " *[" + alert.state().name() + "]* " + title));

    if (!alert.evidence().isEmpty()) {
      ObjectNode fields = blocks.addObject();
      fields.put("type", "section");
      ArrayNode list = fields.putArray("fields");
      int n = 0;
      for (Map.Entry<String, Object> e : alert.evidence().entrySet()) {
        if (n++ == MAX_FIELDS) {
          break;
        }
        String text = "*" + escape(e.getKey()) + "*\n" + escape(Evidence.text(e.getValue()));
        if (text.length() > MAX_FIELD_CHARS) {
          text = text.substring(0, MAX_FIELD_CHARS - 1) + "…";
        }
        list.add(mrkdwn(text));
      }
    }

    ObjectNode context = blocks.addObject();
    context.put("type", "context");
    context.putArray("elements").add(mrkdwn(escape(AlertText.context(alert))));
    return Json.bytes(body);
  }

  private static ObjectNode section(String text) {
    ObjectNode s = Json.object();
    s.put("type", "section");
    s.set("text", mrkdwn(text));
    return s;
  }

  private static ObjectNode mrkdwn(String text) {
    ObjectNode t = Json.object();
    t.put("type", "mrkdwn");
    t.put("text", text);
    return t;
  }

  /** Slack's three control characters: {@code & < >}. */
  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
