package dev.upkeep.server.api.otumat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.upkeep.server.http.ApiException;
import dev.upkeep.server.ingest.TimeWindow;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The {@code headers} and {@code rows} of otumat's event body, as otumat 0.3 sends them: {@code
 * "headers": ["install_id", "event_date", "event_type"]} with rows of two values, {@code
 * ["2024-05-01 10:00:00.123456", "<event type>"]}, the install id being the body's {@code
 * installId}. Accepted too: rows with one value per header (an {@code install_id} value must then
 * be the body's), and headers in any order. {@code event_date} is {@code YYYY-MM-DD HH:MM:SS} with
 * an optional fraction of up to 9 digits (a {@code T} for the space is accepted), read as UTC;
 * {@code event_type} is 1 to {@value #MAX_TYPE_LENGTH} characters (otumat's column is {@code
 * varchar(100)}). A date outside {@link TimeWindow} refuses that row alone (see {@link #refusals}).
 * Stateless, thread-safe.
 */
final class EventRows {
  /** Longest event type, in characters: {@value}. */
  static final int MAX_TYPE_LENGTH = 100;

  private static final int MAX_PROBLEMS = 10;
  private static final Pattern DATE =
      Pattern.compile("^\\d{4}-\\d{2}-\\d{2}[ T]\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?$");
  private static final DateTimeFormatter PARSER =
      new DateTimeFormatterBuilder()
          .appendPattern("uuuu-MM-dd HH:mm:ss")
          .optionalStart()
          .appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true)
          .optionalEnd()
          .toFormatter(Locale.ROOT)
          .withResolverStyle(ResolverStyle.STRICT);

  private EventRows() {}

  /**
   * One row.
   *
   * @param index its position in {@code rows}
   * @param eventDate the {@code event_date} text as sent
   * @param at {@code event_date} as a UTC instant
   * @param eventType the {@code event_type}
   */
  record Row(int index, String eventDate, Instant at, String eventType) {}

  /**
   * Decodes every row of a body (a tree; used by tests).
   *
   * @throws ApiException 400 as {@link #decode(JsonNode, List, String)}, or when {@code rows} is
   *     not an array
   */
  static List<Row> decode(JsonNode body, String installId) {
    JsonNode rows = body.get("rows");
    if (rows == null || !rows.isArray()) {
      throw ApiException.badRequest(
          "\"rows\" must be an array of rows like [\"2024-05-01 10:00:00.123456\", \"start\"], was "
              + (rows == null ? "missing" : rows.getNodeType().toString().toLowerCase(Locale.ROOT))
              + ".");
    }
    List<JsonNode> list = new ArrayList<>(rows.size());
    rows.forEach(list::add);
    return decode(body.get("headers"), list, installId);
  }

  /**
   * Decodes rows read by {@link EventUpload}.
   *
   * @param headersNode the body's {@code headers}, or null
   * @throws ApiException 400 naming {@code headers}, or each bad {@code rows[i]} field (up to ten
   *     problems in one message)
   */
  static List<Row> decode(JsonNode headersNode, List<JsonNode> rows, String installId) {
    List<String> headers = headers(headersNode);
    int date = headers.indexOf("event_date");
    int type = headers.indexOf("event_type");
    int install = headers.indexOf("install_id");
    List<Row> out = new ArrayList<>(rows.size());
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < rows.size() && problems.size() < MAX_PROBLEMS; i++) {
      JsonNode row = rows.get(i);
      int n = row.isArray() ? row.size() : -1;
      boolean full = n == headers.size();
      boolean implied = install >= 0 && n == headers.size() - 1;
      if (!full && !implied) {
        problems.add(
            "rows["
                + i
                + "] must be an array of "
                + (install >= 0 ? (headers.size() - 1) + " or " : "")
                + headers.size()
                + " values for "
                + headers
                + ", was "
                + (row.isArray()
                    ? n + " values"
                    : row.getNodeType().toString().toLowerCase(Locale.ROOT)));
        continue;
      }
      if (full && install >= 0 && !installId.equals(row.get(install).asText(null))) {
        problems.add("rows[" + i + "].install_id must be the body's installId " + installId);
        continue;
      }
      JsonNode d = row.get(column(date, install, full));
      JsonNode t = row.get(column(type, install, full));
      Instant at = date(d);
      if (at == null) {
        problems.add(
            "rows[" + i + "].event_date must be \"YYYY-MM-DD HH:MM:SS[.ffffff]\" (UTC), was " + d);
        continue;
      }
      if (!t.isTextual() || t.textValue().isEmpty() || t.textValue().length() > MAX_TYPE_LENGTH) {
        problems.add(
            "rows["
                + i
                + "].event_type must be a string of 1 to "
                + MAX_TYPE_LENGTH
                + " characters, was "
                + abbreviate(t.toString()));
        continue;
      }
      out.add(new Row(i, d.textValue(), at, t.textValue()));
    }
    if (!problems.isEmpty()) {
      throw ApiException.badRequest(
          "Nothing was stored: "
              + String.join("; ", problems)
              + (problems.size() == MAX_PROBLEMS ? "; ..." : "."));
    }
    return out;
  }

  /**
   * The rows whose {@code event_date} is outside {@link TimeWindow} (1970-01-01 to one day after
   * {@code now}), each as {@code {"index", "field": "event_date", "reason"}}; empty when all fit.
   */
  static List<Map<String, Object>> refusals(List<Row> rows, Instant now) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Row r : rows) {
      String problem = TimeWindow.checkEvent(r.at(), now);
      if (problem != null) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("index", r.index());
        m.put("field", "event_date");
        m.put("reason", "rows[" + r.index() + "].event_date " + problem);
        out.add(m);
      }
    }
    return out;
  }

  /** The rows whose {@code event_date} is inside {@link TimeWindow}. */
  static List<Row> inWindow(List<Row> rows, Instant now) {
    List<Row> out = new ArrayList<>(rows.size());
    for (Row r : rows) {
      if (TimeWindow.checkEvent(r.at(), now) == null) {
        out.add(r);
      }
    }
    return out;
  }

  private static List<String> headers(JsonNode node) {
    List<String> headers = new ArrayList<>();
    if (node != null && node.isArray()) {
      for (JsonNode h : node) {
        headers.add(h.isTextual() ? h.textValue() : null);
      }
    }
    if (!headers.contains("event_date")
        || !headers.contains("event_type")
        || headers.contains(null)
        || new HashSet<>(headers).size() != headers.size()
        || headers.size() > 16) {
      throw ApiException.badRequest(
          "\"headers\" must be an array of distinct names holding \"event_date\" and \"event_type\""
              + " (otumat sends [\"install_id\", \"event_date\", \"event_type\"]), was "
              + (node == null ? "missing" : abbreviate(node.toString()))
              + ".");
    }
    return headers;
  }

  /** The index of a header's value in a row that does or does not repeat the install id. */
  private static int column(int header, int install, boolean full) {
    return full || install < 0 || header < install ? header : header - 1;
  }

  private static Instant date(JsonNode d) {
    if (d == null || !d.isTextual() || !DATE.matcher(d.textValue()).matches()) {
      return null;
    }
    try {
      return LocalDateTime.parse(d.textValue().replace('T', ' '), PARSER).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }
}
