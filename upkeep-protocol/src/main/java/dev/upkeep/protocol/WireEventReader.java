package dev.upkeep.protocol;

import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Converts one parsed JSON object into a {@link WireEvent}, checking JSON types and then the value
 * rules of {@link EventRules}. Stateless.
 */
final class WireEventReader {

  private WireEventReader() {}

  /**
   * Reads one event.
   *
   * @param parsed the parsed JSON value
   * @param problems receives the problems; its {@link Problems#item} names this event
   * @return the event, or {@code null} if this event added problems
   */
  static WireEvent read(Object parsed, Problems problems) {
    if (!(parsed instanceof Map)) {
      problems.addItem("must be an object, was " + EventRules.show(parsed));
      return null;
    }
    Map<?, ?> map = (Map<?, ?>) parsed;
    int before = problems.count();
    WireEvent.Builder b = new WireEvent.Builder();

    b.id = string(map, "id", problems);
    EventRules.report(problems, "id", EventRules.checkId(b.id));
    String kind = string(map, "kind", problems);
    if (kind != null) {
      b.kind = kind;
      EventRules.report(problems, "kind", EventRules.checkKind(kind));
    }
    Object project = map.get("project");
    if (project == null || project instanceof String) {
      b.project = (String) project;
      EventRules.report(problems, "project", EventRules.checkProject(b.project));
    } else {
      notString(problems, "project", project);
    }
    Object version = map.get("version");
    if (version == null || version instanceof String) {
      b.version = (String) version;
      EventRules.report(problems, "version", EventRules.checkVersion(b.version));
    } else {
      notString(problems, "version", version);
    }
    b.timestamp = timestamp(map, problems);
    b.language = limited(map, "language", EventRules.MAX_LANGUAGE, problems);
    b.languageVersion = limited(map, "language_version", EventRules.MAX_LANGUAGE, problems);
    b.userId = limited(map, "user_id", EventRules.MAX_USER_ID, problems);
    b.sessionId = limited(map, "session_id", EventRules.MAX_USER_ID, problems);
    String userType = string(map, "user_type", problems);
    if (userType != null) {
      b.userType = userType;
      EventRules.report(problems, "user_type", EventRules.checkUserType(userType));
    }
    String platform = limited(map, "platform", EventRules.MAX_PLATFORM, problems);
    if (platform != null) {
      b.platform = platform;
    }
    String container = limited(map, "container", EventRules.MAX_PLATFORM, problems);
    if (container != null) {
      b.container = container;
    }
    Object isCi = map.get("is_ci");
    if (isCi instanceof Boolean) {
      b.isCi = (Boolean) isCi;
    } else if (isCi != null) {
      problems.add("is_ci", "must be a boolean, was " + EventRules.show(isCi));
    }
    String status = string(map, "status", problems);
    if (status != null) {
      b.status = status;
      EventRules.report(problems, "status", EventRules.checkStatus(status));
    }
    b.statusDesc = description(map, "status_desc", problems);
    b.errorType = description(map, "error_type", problems);
    b.errorDesc = description(map, "error_desc", problems);
    List<Map.Entry<String, String>> attributes = attributes(map.get("attributes"), problems);

    return problems.count() == before ? new WireEvent(b, attributes) : null;
  }

  /** A string field, or {@code null} when absent or not a string (which is reported). */
  private static String string(Map<?, ?> map, String field, Problems problems) {
    Object value = map.get(field);
    if (value == null || value instanceof String) {
      return (String) value;
    }
    notString(problems, field, value);
    return null;
  }

  private static String limited(Map<?, ?> map, String field, int max, Problems problems) {
    String value = string(map, field, problems);
    EventRules.report(problems, field, EventRules.checkLength(value, max));
    return value;
  }

  private static String description(Map<?, ?> map, String field, Problems problems) {
    Object value = map.get(field);
    String s = scalar(value);
    if (s == null && value != null) {
      problems.add(field, "must be a string, number or boolean, was " + EventRules.show(value));
    }
    EventRules.report(problems, field, EventRules.checkLength(s, EventRules.MAX_DESCRIPTION));
    return s;
  }

  /** A string, or a number or boolean as its JSON text; {@code null} for anything else. */
  private static String scalar(Object value) {
    if (value instanceof String) {
      return (String) value;
    }
    if (value instanceof Number || value instanceof Boolean) {
      return value.toString();
    }
    return null;
  }

  private static void notString(Problems problems, String field, Object value) {
    problems.add(field, "must be a string, was " + EventRules.show(value));
  }

  private static Instant timestamp(Map<?, ?> map, Problems problems) {
    String text = string(map, "timestamp", problems);
    if (text == null) {
      return null;
    }
    Instant instant = Timestamps.parse(text);
    if (instant == null) {
      problems.add(
          "timestamp",
          "must be an ISO-8601 timestamp such as \"2026-11-21T10:00:00Z\", was "
              + EventRules.show(text));
    }
    return instant;
  }

  private static List<Map.Entry<String, String>> attributes(Object value, Problems problems) {
    if (value == null) {
      return Collections.emptyList();
    }
    if (value instanceof List) {
      List<?> list = (List<?>) value;
      if (tooMany(list.size(), problems)) {
        return Collections.emptyList();
      }
      List<Map.Entry<String, String>> out = new ArrayList<>(list.size());
      for (int i = 0; i < list.size(); i++) {
        Object item = list.get(i);
        String path = "attributes[" + i + "]";
        if (!(item instanceof List) || ((List<?>) item).size() != 2) {
          problems.add(path, "must be a [\"key\", \"value\"] pair, was " + show(item));
          continue;
        }
        List<?> pair = (List<?>) item;
        Object key = pair.get(0);
        if (key instanceof String) {
          EventRules.report(problems, path, EventRules.checkAttributeKey((String) key));
        } else {
          problems.add(path, "key must be a string, was " + EventRules.show(key));
        }
        String s = attributeValue(pair.get(1), path, problems);
        if (key instanceof String && s != null) {
          out.add(new AbstractMap.SimpleImmutableEntry<>((String) key, s));
        }
      }
      return Collections.unmodifiableList(out);
    }
    if (value instanceof Map) {
      Map<?, ?> map = (Map<?, ?>) value;
      if (tooMany(map.size(), problems)) {
        return Collections.emptyList();
      }
      List<Map.Entry<String, String>> out = new ArrayList<>(map.size());
      for (Map.Entry<?, ?> e : map.entrySet()) {
        String key = String.valueOf(e.getKey());
        String path = "attributes[" + EventRules.show(key) + "]";
        EventRules.report(problems, path, EventRules.checkAttributeKey(key));
        String s = attributeValue(e.getValue(), path, problems);
        if (s != null) {
          out.add(new AbstractMap.SimpleImmutableEntry<>(key, s));
        }
      }
      return Collections.unmodifiableList(out);
    }
    problems.add(
        "attributes",
        "must be an array of [\"key\", \"value\"] pairs or an object, was "
            + EventRules.show(value));
    return Collections.emptyList();
  }

  private static boolean tooMany(int size, Problems problems) {
    String problem = EventRules.checkAttributeCount(size);
    EventRules.report(problems, "attributes", problem);
    return problem != null;
  }

  private static String attributeValue(Object value, String path, Problems problems) {
    String s = scalar(value);
    if (s == null) {
      problems.add(path, "value must be a string, number or boolean, was " + show(value));
      return null;
    }
    EventRules.report(problems, path, EventRules.checkAttributeValue(s));
    return s;
  }

  /** Like {@link EventRules#show}, but prints short arrays in full, such as {@code ["k"]}. */
  private static String show(Object value) {
    if (value instanceof List && ((List<?>) value).size() <= 3) {
      try {
        String json = Json.write(value);
        if (json.length() <= 80) {
          return json;
        }
      } catch (IllegalArgumentException e) {
        // not printable, fall back to the short description
      }
    }
    return EventRules.show(value);
  }
}
