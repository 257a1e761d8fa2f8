package dev.upkeep.protocol;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Decodes and encodes the body of {@code POST /v1/events}: a batch of {@link WireEvent}s. All
 * methods are static, stateless and thread-safe.
 *
 * <p>A body is either a JSON array of event objects, {@code [{...},{...}]}, or NDJSON: one event
 * object per line, lines separated by {@code '\n'} (an optional {@code '\r'} before it is ignored),
 * blank lines skipped. The first character other than JSON whitespace decides: {@code '['} for an
 * array, <code>'&#123;'</code> for NDJSON.
 */
public final class EventBatch {

  /** The most events one batch may hold: {@value}. */
  public static final int MAX_EVENTS = 1000;

  /** The most problems listed by {@link #decode(String)} before {@code "... and N more"}. */
  static final int MAX_PROBLEMS = 20;

  private EventBatch() {}

  /**
   * Decodes a batch body.
   *
   * <p>Every event is checked, and all problems are reported together, each prefixed with {@code
   * events[i]} (zero-based) for an array body or {@code line N} (one-based) for NDJSON, such as
   * {@code events[3].project: required} or {@code line 4: project: required}. At most 20 problems
   * are listed, followed by {@code "... and N more"}.
   *
   * @param body the request body; not {@code null}
   * @return the events in body order, as an unmodifiable list of 1 to {@link #MAX_EVENTS} events
   * @throws JsonException if the body, or for NDJSON one of its lines, is not valid JSON; the line
   *     and column are those of the whole body
   * @throws WireFormatException if the body is empty or blank ({@code batch is empty}), is an empty
   *     array, holds more than {@link #MAX_EVENTS} events ({@code batch has 1001 events, the limit
   *     is 1000}), is JSON but neither an array nor an object, or if any event breaks the rules of
   *     {@link WireEvent}
   * @throws NullPointerException if {@code body} is {@code null}
   */
  public static List<WireEvent> decode(String body) {
    Objects.requireNonNull(body, "body");
    int start = skipWhitespace(body, 0);
    if (start == body.length()) {
      throw new WireFormatException("batch is empty");
    }
    char first = body.charAt(start);
    if (first == '{') {
      return decodeLines(body);
    }
    Object parsed = JsonParser.parse(body, 0, body.length());
    if (!(parsed instanceof List)) {
      throw new WireFormatException(
          "batch must be a JSON array of events or NDJSON, was " + EventRules.show(parsed));
    }
    List<?> items = (List<?>) parsed;
    checkSize(items.size());
    Problems problems = Problems.json(MAX_PROBLEMS);
    List<WireEvent> events = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      problems.item("events[", i, "]", ".");
      WireEvent event = WireEventReader.read(items.get(i), problems);
      if (event != null) {
        events.add(event);
      }
    }
    problems.throwIfAny();
    return Collections.unmodifiableList(events);
  }

  private static List<WireEvent> decodeLines(String body) {
    int n = body.length();
    int count = 0;
    for (int from = 0; from < n; ) {
      int to = lineEnd(body, from);
      if (!isBlank(body, from, to)) {
        count++;
      }
      from = to + 1;
    }
    checkSize(count);
    Problems problems = Problems.json(MAX_PROBLEMS);
    List<WireEvent> events = new ArrayList<>(count);
    int line = 1;
    for (int from = 0; from < n; line++) {
      int to = lineEnd(body, from);
      if (!isBlank(body, from, to)) {
        Object parsed = JsonParser.parse(body, from, to);
        problems.item("line ", line, "", ": ");
        WireEvent event = WireEventReader.read(parsed, problems);
        if (event != null) {
          events.add(event);
        }
      }
      from = to + 1;
    }
    problems.throwIfAny();
    return Collections.unmodifiableList(events);
  }

  private static int lineEnd(String body, int from) {
    int end = body.indexOf('\n', from);
    return end < 0 ? body.length() : end;
  }

  /**
   * Whether {@code s[from, to)} holds only JSON whitespace. Looks no further than {@code to}, so a
   * run of N blank lines costs O(N) in all, not O(N²).
   */
  private static boolean isBlank(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c != ' ' && c != '\t' && c != '\r') {
        return false;
      }
    }
    return true;
  }

  private static int skipWhitespace(String s, int from) {
    int i = from;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
        break;
      }
      i++;
    }
    return i;
  }

  private static void checkSize(int count) {
    if (count == 0) {
      throw new WireFormatException("batch is empty");
    }
    if (count > MAX_EVENTS) {
      throw new WireFormatException("batch has " + count + " events, the limit is " + MAX_EVENTS);
    }
  }

  /**
   * Encodes events as a compact JSON array, {@code [{...},{...}]}, each event written by {@link
   * WireEvent#writeJson(StringBuilder)}. Does not enforce {@link #MAX_EVENTS}; an empty list gives
   * {@code []}, which {@link #decode(String)} rejects.
   *
   * @param events the events; not {@code null}, no {@code null} element
   * @return the JSON text
   * @throws NullPointerException if {@code events} or one of its elements is {@code null}
   */
  public static String encode(List<WireEvent> events) {
    StringBuilder out = new StringBuilder(64 + events.size() * 256);
    out.append('[');
    for (int i = 0; i < events.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      events.get(i).writeJson(out);
    }
    return out.append(']').toString();
  }
}
