package dev.upkeep.server.ingest;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds a {@link UsageEvent}; made by {@link UsageEvent#builder(long, String, Instant)}. Owns the
 * defaults of the components a protocol may leave out:
 *
 * <ul>
 *   <li>{@code eventId}, {@code language}, {@code languageVersion}, {@code userId}, {@code
 *       sessionId}, {@code statusDesc}, {@code errorType}, {@code errorDesc}: null
 *   <li>{@code version}, {@code platform}, {@code container}: {@value UsageEvent#UNKNOWN}
 *   <li>{@code userType}: {@link UserType#GENERAL}; {@code ci}: false; {@code status}: {@link
 *       RunStatus#R} (migas's default)
 *   <li>{@code attributes}: none
 * </ul>
 *
 * <p>A plain mutable object: each {@link #build()} makes a new event from the values set so far, so
 * one builder may make several events (a later setter changes only the later ones). Not
 * thread-safe. The values are checked, and U+0000 replaced, by {@link UsageEvent}'s constructor.
 *
 * <pre>{@code
 * UsageEvent e =
 *     UsageEvent.builder(projectId, UsageEvent.BREADCRUMB, now)
 *         .version("1.2.0")
 *         .status(RunStatus.C)
 *         .build();
 * }</pre>
 */
public final class UsageEventBuilder {
  private String eventId;
  private long projectId;
  private String kind;
  private Instant timestamp;
  private String version = UsageEvent.UNKNOWN;
  private String language;
  private String languageVersion;
  private String userId;
  private String sessionId;
  private UserType userType = UserType.GENERAL;
  private String platform = UsageEvent.UNKNOWN;
  private String container = UsageEvent.UNKNOWN;
  private boolean ci;
  private RunStatus status = RunStatus.R;
  private String statusDesc;
  private String errorType;
  private String errorDesc;
  private List<Map.Entry<String, String>> attributes = List.of();

  UsageEventBuilder(long projectId, String kind, Instant timestamp) {
    this.projectId = projectId;
    this.kind = Objects.requireNonNull(kind, "kind");
    this.timestamp = Objects.requireNonNull(timestamp, "timestamp");
  }

  /** The event, a new one at each call. */
  public UsageEvent build() {
    return new UsageEvent(
        eventId,
        projectId,
        kind,
        timestamp,
        version,
        language,
        languageVersion,
        userId,
        sessionId,
        userType,
        platform,
        container,
        ci,
        status,
        statusDesc,
        errorType,
        errorDesc,
        attributes);
  }

  /** Client-generated id for exactly-once storage, or null (the default: migas sends none). */
  public UsageEventBuilder eventId(String eventId) {
    this.eventId = eventId;
    return this;
  }

  /** Id of the registered project. */
  public UsageEventBuilder projectId(long projectId) {
    this.projectId = projectId;
    return this;
  }

  /** {@link UsageEvent#BREADCRUMB}, {@code report}, ...; not null. */
  public UsageEventBuilder kind(String kind) {
    this.kind = Objects.requireNonNull(kind, "kind");
    return this;
  }

  /** When the event happened, UTC; not null. */
  public UsageEventBuilder timestamp(Instant timestamp) {
    this.timestamp = Objects.requireNonNull(timestamp, "timestamp");
    return this;
  }

  /** The project's version as reported; default {@value UsageEvent#UNKNOWN}. */
  public UsageEventBuilder version(String version) {
    this.version = version;
    return this;
  }

  /** The host language, e.g. {@code python}, or null (the default). */
  public UsageEventBuilder language(String language) {
    this.language = language;
    return this;
  }

  /** The host language's version, or null (the default). */
  public UsageEventBuilder languageVersion(String languageVersion) {
    this.languageVersion = languageVersion;
    return this;
  }

  /** Pseudonymous user id, or null (the default). */
  public UsageEventBuilder userId(String userId) {
    this.userId = userId;
    return this;
  }

  /** Session id, or null (the default). */
  public UsageEventBuilder sessionId(String sessionId) {
    this.sessionId = sessionId;
    return this;
  }

  /** General, dev or CI; default {@link UserType#GENERAL}. */
  public UsageEventBuilder userType(UserType userType) {
    this.userType = userType;
    return this;
  }

  /** E.g. {@code linux}; default {@value UsageEvent#UNKNOWN}. */
  public UsageEventBuilder platform(String platform) {
    this.platform = platform;
    return this;
  }

  /** {@code docker}, {@code apptainer}, ...; default {@value UsageEvent#UNKNOWN}. */
  public UsageEventBuilder container(String container) {
    this.container = container;
    return this;
  }

  /** Whether the run happened on a CI service; default false. */
  public UsageEventBuilder ci(boolean ci) {
    this.ci = ci;
    return this;
  }

  /** R, C, F or S; default {@link RunStatus#R}. */
  public UsageEventBuilder status(RunStatus status) {
    this.status = status;
    return this;
  }

  /** Free-form status text, or null (the default). */
  public UsageEventBuilder statusDesc(String statusDesc) {
    this.statusDesc = statusDesc;
    return this;
  }

  /** Exception class name, or null (the default). */
  public UsageEventBuilder errorType(String errorType) {
    this.errorType = errorType;
    return this;
  }

  /** Exception message, or null (the default). */
  public UsageEventBuilder errorDesc(String errorDesc) {
    this.errorDesc = errorDesc;
    return this;
  }

  /** Extra ordered key/value pairs, duplicates kept; default none. Not copied until built. */
  public UsageEventBuilder attributes(List<Map.Entry<String, String>> attributes) {
    this.attributes = Objects.requireNonNull(attributes, "attributes");
    return this;
  }
}
