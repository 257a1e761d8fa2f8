package dev.upkeep.protocol;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The fields of a {@link WireEvent}, their accessors and its value equality; {@link WireEvent} is
 * the only subclass and adds how an event is built, decoded and written. Immutable, thread-safe.
 */
abstract class WireEventData {

  private final String id;
  private final String kind;
  private final String project;
  private final String version;
  private final Instant timestamp;
  private final String language;
  private final String languageVersion;
  private final String userId;
  private final String sessionId;
  private final String userType;
  private final String platform;
  private final String container;
  private final boolean isCi;
  private final String status;
  private final String statusDesc;
  private final String errorType;
  private final String errorDesc;
  private final List<Map.Entry<String, String>> attributes;

  /** Copies the builder; {@code attributes} must already be an unmodifiable list of its own. */
  WireEventData(WireEvent.Builder b, List<Map.Entry<String, String>> attributes) {
    this.id = b.id;
    this.kind = b.kind;
    this.project = b.project;
    this.version = b.version;
    this.timestamp = b.timestamp;
    this.language = b.language;
    this.languageVersion = b.languageVersion;
    this.userId = b.userId;
    this.sessionId = b.sessionId;
    this.userType = b.userType;
    this.platform = b.platform;
    this.container = b.container;
    this.isCi = b.isCi;
    this.status = b.status;
    this.statusDesc = b.statusDesc;
    this.errorType = b.errorType;
    this.errorDesc = b.errorDesc;
    this.attributes = attributes;
  }

  /**
   * Returns the client-generated event id.
   *
   * @return the id, or {@code null} when absent
   */
  public String id() {
    return id;
  }

  /**
   * Returns the event kind.
   *
   * @return the kind, {@code "breadcrumb"} by default; never {@code null}
   */
  public String kind() {
    return kind;
  }

  /**
   * Returns the project as {@code owner/name}.
   *
   * @return the project; never {@code null}
   */
  public String project() {
    return project;
  }

  /**
   * Returns the version of the project that sent the event.
   *
   * @return the version, non-empty; never {@code null}
   */
  public String version() {
    return version;
  }

  /**
   * Returns when the event happened.
   *
   * @return the instant, or {@code null} when absent
   */
  public Instant timestamp() {
    return timestamp;
  }

  /**
   * Returns the programming language of the client, such as {@code "python"}.
   *
   * @return the language, or {@code null} when absent
   */
  public String language() {
    return language;
  }

  /**
   * Returns the version of {@link #language()}.
   *
   * @return the language version, or {@code null} when absent
   */
  public String languageVersion() {
    return languageVersion;
  }

  /**
   * Returns the pseudonymous user id.
   *
   * @return the user id, or {@code null} when absent
   */
  public String userId() {
    return userId;
  }

  /**
   * Returns the session id.
   *
   * @return the session id, or {@code null} when absent
   */
  public String sessionId() {
    return sessionId;
  }

  /**
   * Returns the user type.
   *
   * @return {@code "general"} (the default), {@code "dev"} or {@code "ci"}
   */
  public String userType() {
    return userType;
  }

  /**
   * Returns the platform, such as {@code "linux"}.
   *
   * @return the platform, {@code "unknown"} by default; never {@code null}
   */
  public String platform() {
    return platform;
  }

  /**
   * Returns the container technology, such as {@code "docker"}.
   *
   * @return the container, {@code "unknown"} by default; never {@code null}
   */
  public String container() {
    return container;
  }

  /**
   * Returns whether the event was sent from a CI run.
   *
   * @return the flag, {@code false} by default
   */
  public boolean isCi() {
    return isCi;
  }

  /**
   * Returns the status code.
   *
   * @return {@code "R"} (running, the default), {@code "C"} (completed), {@code "F"} (failed) or
   *     {@code "S"} (skipped)
   */
  public String status() {
    return status;
  }

  /**
   * Returns the free-text status description.
   *
   * @return the description, or {@code null} when absent
   */
  public String statusDesc() {
    return statusDesc;
  }

  /**
   * Returns the error type, such as an exception class name.
   *
   * @return the error type, or {@code null} when absent
   */
  public String errorType() {
    return errorType;
  }

  /**
   * Returns the error description.
   *
   * @return the error description, or {@code null} when absent
   */
  public String errorDesc() {
    return errorDesc;
  }

  /**
   * Returns the attributes in order, duplicates kept.
   *
   * @return an unmodifiable list of immutable entries; empty, never {@code null}, when absent
   */
  public List<Map.Entry<String, String>> attributes() {
    return attributes;
  }

  /**
   * Compares all fields, attributes in order.
   *
   * @param o the other object
   * @return whether {@code o} is a {@code WireEvent} with equal fields
   */
  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof WireEvent)) {
      return false;
    }
    WireEventData that = (WireEventData) o;
    return isCi == that.isCi
        && Objects.equals(id, that.id)
        && kind.equals(that.kind)
        && project.equals(that.project)
        && version.equals(that.version)
        && Objects.equals(timestamp, that.timestamp)
        && Objects.equals(language, that.language)
        && Objects.equals(languageVersion, that.languageVersion)
        && Objects.equals(userId, that.userId)
        && Objects.equals(sessionId, that.sessionId)
        && userType.equals(that.userType)
        && platform.equals(that.platform)
        && container.equals(that.container)
        && status.equals(that.status)
        && Objects.equals(statusDesc, that.statusDesc)
        && Objects.equals(errorType, that.errorType)
        && Objects.equals(errorDesc, that.errorDesc)
        && attributes.equals(that.attributes);
  }

  /**
   * Returns a hash code over all fields, consistent with {@link #equals(Object)}.
   *
   * @return the hash code
   */
  @Override
  public int hashCode() {
    return Objects.hash(
        id,
        kind,
        project,
        version,
        timestamp,
        language,
        languageVersion,
        userId,
        sessionId,
        userType,
        platform,
        container,
        isCi,
        status,
        statusDesc,
        errorType,
        errorDesc,
        attributes);
  }
}
