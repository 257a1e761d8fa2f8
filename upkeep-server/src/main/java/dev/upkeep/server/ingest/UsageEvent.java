package dev.upkeep.server.ingest;

import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One usage event, whatever protocol brought it: a migas breadcrumb, an Upkeep {@code /v1/events}
 * item, later a usagestats report or an otumat event. Adapters build it after validation, so every
 * field already holds a stored-as-is value, except that U+0000 in any text is replaced by U+FFFD
 * here (see {@link #storable}).
 *
 * <p>Made by {@link #builder(long, String, Instant)}, which owns the defaults of the components a
 * protocol may leave out (see {@link UsageEventBuilder}); nothing constructs it positionally.
 *
 * @param eventId client-generated id for exactly-once storage, or null (migas sends none)
 * @param projectId id of the registered project
 * @param kind {@code breadcrumb} for migas crumbs and Upkeep events, {@code report} for usagestats
 * @param timestamp when the event happened, UTC; assigned by the server for migas
 * @param version the project's version as reported (coerced as migas does)
 * @param language the host language, e.g. {@code python} or {@code java}
 * @param languageVersion the host language version
 * @param userId pseudonymous user id, or null
 * @param sessionId session id, or null
 * @param userType general, dev or ci
 * @param platform e.g. {@code linux}; {@code unknown} when not given
 * @param container {@code unknown}, {@code docker}, {@code apptainer}, ...
 * @param ci whether the run happened on a CI service
 * @param status R, C, F or S
 * @param statusDesc free-form status text, or null
 * @param errorType exception class name, or null
 * @param errorDesc exception message, or null
 * @param attributes extra ordered key/value pairs (duplicates kept), empty for breadcrumbs
 */
public record UsageEvent(
    String eventId,
    long projectId,
    String kind,
    Instant timestamp,
    String version,
    String language,
    String languageVersion,
    String userId,
    String sessionId,
    UserType userType,
    String platform,
    String container,
    boolean ci,
    RunStatus status,
    String statusDesc,
    String errorType,
    String errorDesc,
    List<Map.Entry<String, String>> attributes) {

  /** The kind of a migas breadcrumb and of an Upkeep event without a kind. */
  public static final String BREADCRUMB = "breadcrumb";

  /** The version, platform or container when the client gave none: {@value}. */
  public static final String UNKNOWN = "unknown";

  public UsageEvent {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(userType, "userType");
    Objects.requireNonNull(platform, "platform");
    Objects.requireNonNull(container, "container");
    Objects.requireNonNull(status, "status");
    eventId = storable(eventId);
    kind = storable(kind);
    version = storable(version);
    language = storable(language);
    languageVersion = storable(languageVersion);
    userId = storable(userId);
    sessionId = storable(sessionId);
    platform = storable(platform);
    container = storable(container);
    statusDesc = storable(statusDesc);
    errorType = storable(errorType);
    errorDesc = storable(errorDesc);
    List<Map.Entry<String, String>> pairs = new ArrayList<>(attributes.size());
    for (Map.Entry<String, String> a : attributes) {
      String key = storable(a.getKey());
      String value = storable(a.getValue());
      pairs.add(
          key == a.getKey() && value == a.getValue()
              ? a
              : new AbstractMap.SimpleImmutableEntry<>(key, value));
    }
    attributes = List.copyOf(pairs);
  }

  /**
   * A builder of an event of this project, kind and time, the other components at their defaults
   * (see {@link UsageEventBuilder}).
   *
   * @throws NullPointerException if {@code kind} or {@code timestamp} is null
   */
  public static UsageEventBuilder builder(long projectId, String kind, Instant timestamp) {
    return new UsageEventBuilder(projectId, kind, timestamp);
  }

  /**
   * The text as both stores keep it: U+0000 replaced by U+FFFD, since PostgreSQL's {@code text}
   * cannot hold it (so a client's stray NUL neither fails its batch nor differs between stores).
   */
  static String storable(String text) {
    return text == null || text.indexOf('\u0000') < 0 ? text : text.replace('\u0000', '\uFFFD');
  }
}
