package dev.upkeep.server.ingest;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One usage event, whatever protocol brought it: a migas breadcrumb, an Upkeep {@code /v1/events}
 * item, later a usagestats report or an otumat event. Adapters build it after validation, so every
 * field already holds a stored-as-is value.
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

  public UsageEvent {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(userType, "userType");
    Objects.requireNonNull(platform, "platform");
    Objects.requireNonNull(container, "container");
    Objects.requireNonNull(status, "status");
    attributes = List.copyOf(attributes);
  }
}
