package dev.upkeep.protocol;

import java.util.List;
import java.util.Map;

/**
 * Writes a {@link WireEvent} as the compact JSON object of its class description: only fields that
 * are set and differ from their default, in wire order. Stateless, thread-safe.
 */
final class WireEventJson {
  private WireEventJson() {}

  /** Appends {@code e} to {@code out}. */
  static void write(WireEvent e, StringBuilder out) {
    int mark = out.length();
    out.append('{');
    field(out, mark, "id", e.id());
    field(out, mark, "kind", nonDefault(e.kind(), EventRules.DEFAULT_KIND));
    field(out, mark, "project", e.project());
    field(out, mark, "version", e.version());
    field(out, mark, "timestamp", e.timestamp() == null ? null : e.timestamp().toString());
    field(out, mark, "language", e.language());
    field(out, mark, "language_version", e.languageVersion());
    field(out, mark, "user_id", e.userId());
    field(out, mark, "session_id", e.sessionId());
    field(out, mark, "user_type", nonDefault(e.userType(), EventRules.DEFAULT_USER_TYPE));
    field(out, mark, "platform", nonDefault(e.platform(), EventRules.DEFAULT_PLATFORM));
    field(out, mark, "container", nonDefault(e.container(), EventRules.DEFAULT_CONTAINER));
    if (e.isCi()) {
      comma(out, mark);
      out.append("\"is_ci\":true");
    }
    field(out, mark, "status", nonDefault(e.status(), EventRules.DEFAULT_STATUS));
    field(out, mark, "status_desc", e.statusDesc());
    field(out, mark, "error_type", e.errorType());
    field(out, mark, "error_desc", e.errorDesc());
    List<Map.Entry<String, String>> attributes = e.attributes();
    if (!attributes.isEmpty()) {
      comma(out, mark);
      out.append("\"attributes\":[");
      for (int i = 0; i < attributes.size(); i++) {
        Map.Entry<String, String> a = attributes.get(i);
        out.append(i == 0 ? "[" : ",[");
        JsonWriter.writeString(a.getKey(), out);
        out.append(',');
        JsonWriter.writeString(a.getValue(), out);
        out.append(']');
      }
      out.append(']');
    }
    out.append('}');
  }

  /** Returns {@code null} when {@code value} is the default, so that it is not written. */
  private static String nonDefault(String value, String defaultValue) {
    return defaultValue.equals(value) ? null : value;
  }

  private static void field(StringBuilder out, int mark, String name, String value) {
    if (value == null) {
      return;
    }
    comma(out, mark);
    out.append('"').append(name).append("\":");
    JsonWriter.writeString(value, out);
  }

  private static void comma(StringBuilder out, int mark) {
    if (out.length() > mark + 1) {
      out.append(',');
    }
  }
}
