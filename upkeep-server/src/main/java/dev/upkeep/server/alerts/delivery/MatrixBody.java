package dev.upkeep.server.alerts.delivery;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * The {@code m.room.message} event content sent to Matrix: an {@code m.text} message whose {@code
 * body} is the plain text and {@code formatted_body} the same in Matrix's HTML subset.
 *
 * <pre>{@code
 * {"msgtype":"m.text",
 *  "body":"[FIRING] owner/name 2.8.0: …\nruns: 812\n…\nrule failure-rate · alert a-42 · …\nhttps://…",
 *  "format":"org.matrix.custom.html",
 *  "formatted_body":"<p><strong>[FIRING]</strong> <a href=\"https://…\">owner/name 2.8.0: …</a></p><ul><li>runs: 812</li>…</ul><p>rule failure-rate · alert a-42 · …</p>"}
 * }</pre>
 */
final class MatrixBody {
  private MatrixBody() {}

  static byte[] of(Alert alert) {
    StringBuilder plain = new StringBuilder(AlertText.headline(alert)).append('\n');
    StringBuilder html =
        new StringBuilder("<p><strong>[").append(alert.state().name()).append("]</strong> ");
    if (alert.link() == null) {
      html.append(escape(alert.summary()));
    } else {
      html.append("<a href=\"")
          .append(escape(alert.link()))
          .append("\">")
          .append(escape(alert.summary()))
          .append("</a>");
    }
    html.append("</p>");
    if (!alert.evidence().isEmpty()) {
      html.append("<ul>");
      for (Map.Entry<String, Object> e : alert.evidence().entrySet()) {
        String value = Evidence.text(e.getValue());
        plain.append(e.getKey()).append(": ").append(value).append('\n');
        html.append("<li>")
            .append(escape(e.getKey()))
            .append(": ")
            .append(escape(value))
            .append("</li>");
      }
      html.append("</ul>");
    }
    plain.append(AlertText.context(alert));
    html.append("<p>").append(escape(AlertText.context(alert))).append("</p>");
    if (alert.link() != null) {
      plain.append('\n').append(alert.link());
    }

    ObjectNode body = Json.object();
    body.put("msgtype", "m.text");
    body.put("body", plain.toString());
    body.put("format", "org.matrix.custom.html");
    body.put("formatted_body", html.toString());
    return Json.bytes(body);
  }

  static String escape(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;")
        .replace("'", "&#39;");
  }
}
