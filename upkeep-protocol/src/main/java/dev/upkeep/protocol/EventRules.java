package dev.upkeep.protocol;

import java.util.List;
import java.util.Map;

/**
 * The value rules of {@link WireEvent}, shared by {@link WireEvent.Builder#build()} and {@link
 * WireEvent#fromJson(Object, String)}. Each check returns {@code null} when the value is fine, or a
 * sentence fragment such as {@code must be "owner/name", was "foo"}. Stateless.
 */
final class EventRules {

  static final String DEFAULT_KIND = "breadcrumb";
  static final String DEFAULT_USER_TYPE = "general";
  static final String DEFAULT_PLATFORM = "unknown";
  static final String DEFAULT_CONTAINER = "unknown";
  static final String DEFAULT_STATUS = "R";

  static final int MAX_ID = 64;
  static final int MAX_KIND = 32;
  static final int MAX_PROJECT = 200;
  static final int MAX_VERSION = 100;
  static final int MAX_LANGUAGE = 100;
  static final int MAX_USER_ID = 64;
  static final int MAX_PLATFORM = 100;
  static final int MAX_DESCRIPTION = 8192;
  static final int MAX_ATTRIBUTES = 256;
  static final int MAX_ATTRIBUTE_KEY = 200;
  static final int MAX_ATTRIBUTE_VALUE = 8192;

  private static final int MAX_SHOWN = 80;

  private EventRules() {}

  static String checkId(String id) {
    if (id == null) {
      return null;
    }
    boolean ok = !id.isEmpty() && id.length() <= MAX_ID;
    for (int i = 0; ok && i < id.length(); i++) {
      char c = id.charAt(i);
      ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '.'
              || c == '_'
              || c == ':'
              || c == '-';
    }
    return ok ? null : "must be 1 to " + MAX_ID + " characters of [A-Za-z0-9._:-], was " + show(id);
  }

  static String checkKind(String kind) {
    boolean ok = !kind.isEmpty() && kind.length() <= MAX_KIND;
    for (int i = 0; ok && i < kind.length(); i++) {
      char c = kind.charAt(i);
      ok = (c >= 'a' && c <= 'z') || (i > 0 && ((c >= '0' && c <= '9') || c == '_'));
    }
    return ok ? null : "must match [a-z][a-z0-9_]{0,31}, was " + show(kind);
  }

  static String checkProject(String project) {
    if (project == null) {
      return "required";
    }
    if (project.length() > MAX_PROJECT) {
      return tooLong(MAX_PROJECT, project);
    }
    int slash = project.indexOf('/');
    if (slash <= 0 || slash == project.length() - 1 || project.indexOf('/', slash + 1) >= 0) {
      return "must be \"owner/name\", was " + show(project);
    }
    return null;
  }

  static String checkVersion(String version) {
    if (version == null) {
      return "required";
    }
    if (version.isEmpty()) {
      return "must not be empty";
    }
    return checkLength(version, MAX_VERSION);
  }

  static String checkLength(String value, int max) {
    return value == null || value.length() <= max ? null : tooLong(max, value);
  }

  static String checkUserType(String userType) {
    return "general".equals(userType) || "dev".equals(userType) || "ci".equals(userType)
        ? null
        : "must be one of general, dev, ci, was " + show(userType);
  }

  static String checkStatus(String status) {
    return status.length() == 1 && "RCFS".indexOf(status.charAt(0)) >= 0
        ? null
        : "must be one of R, C, F, S, was " + show(status);
  }

  static String checkAttributeCount(int count) {
    return count <= MAX_ATTRIBUTES
        ? null
        : "must have at most " + MAX_ATTRIBUTES + " pairs, was " + count;
  }

  static String checkAttributeKey(String key) {
    if (key.isEmpty()) {
      return "key must not be empty";
    }
    return key.length() <= MAX_ATTRIBUTE_KEY ? null : "key " + tooLong(MAX_ATTRIBUTE_KEY, key);
  }

  static String checkAttributeValue(String value) {
    return value.length() <= MAX_ATTRIBUTE_VALUE
        ? null
        : "value " + tooLong(MAX_ATTRIBUTE_VALUE, value);
  }

  /** Checks every field of {@code b}, reporting problems in field order. */
  static void checkAll(WireEvent.Builder b, Problems problems) {
    report(problems, "id", checkId(b.id));
    report(problems, "kind", checkKind(b.kind));
    report(problems, "project", checkProject(b.project));
    report(problems, "version", checkVersion(b.version));
    report(problems, "language", checkLength(b.language, MAX_LANGUAGE));
    report(problems, "language_version", checkLength(b.languageVersion, MAX_LANGUAGE));
    report(problems, "user_id", checkLength(b.userId, MAX_USER_ID));
    report(problems, "session_id", checkLength(b.sessionId, MAX_USER_ID));
    report(problems, "user_type", checkUserType(b.userType));
    report(problems, "platform", checkLength(b.platform, MAX_PLATFORM));
    report(problems, "container", checkLength(b.container, MAX_PLATFORM));
    report(problems, "status", checkStatus(b.status));
    report(problems, "status_desc", checkLength(b.statusDesc, MAX_DESCRIPTION));
    report(problems, "error_type", checkLength(b.errorType, MAX_DESCRIPTION));
    report(problems, "error_desc", checkLength(b.errorDesc, MAX_DESCRIPTION));
    List<Map.Entry<String, String>> attributes = b.attributes;
    String count = checkAttributeCount(attributes.size());
    if (count != null) {
      problems.add("attributes", count);
      return;
    }
    for (int i = 0; i < attributes.size(); i++) {
      Map.Entry<String, String> e = attributes.get(i);
      report(problems, "attributes[" + i + "]", checkAttributeKey(e.getKey()));
      report(problems, "attributes[" + i + "]", checkAttributeValue(e.getValue()));
    }
  }

  static void report(Problems problems, String field, String fragment) {
    if (fragment != null) {
      problems.add(field, fragment);
    }
  }

  private static String tooLong(int max, String value) {
    return "must be at most " + max + " characters, was " + value.length();
  }

  /**
   * Describes a parsed JSON value for a message: strings JSON-quoted (cut after 80 chars), numbers
   * and booleans as written, {@code an object}, {@code an array}, {@code null}.
   */
  static String show(Object value) {
    if (value instanceof String) {
      String s = (String) value;
      if (s.length() <= MAX_SHOWN) {
        return Json.write(s);
      }
      String quoted = Json.write(s.substring(0, MAX_SHOWN));
      return quoted.substring(0, quoted.length() - 1) + "...\"";
    }
    if (value instanceof Map) {
      return "an object";
    }
    if (value instanceof List) {
      return "an array";
    }
    return String.valueOf(value);
  }
}
