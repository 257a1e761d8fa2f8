package dev.upkeep.protocol;

import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One usage event as Upkeep's event API sends and receives it. Immutable and thread-safe; create
 * one with {@link #builder()} or decode one with {@link #fromJson(Object, String)}.
 *
 * <p>JSON fields (snake_case), in wire order, with their rules; a JSON {@code null} counts as
 * absent, and unknown fields are ignored:
 *
 * <ul>
 *   <li>{@code id}: optional string, 1 to 64 characters of {@code [A-Za-z0-9._:-]}; the
 *       client-generated id used to store each event exactly once
 *   <li>{@code kind}: string matching {@code [a-z][a-z0-9_]{0,31}}, default {@code "breadcrumb"}
 *   <li>{@code project}: required string {@code "owner/name"} (exactly one {@code /}, both parts
 *       non-empty), at most 200 characters
 *   <li>{@code version}: required string, 1 to 100 characters
 *   <li>{@code timestamp}: optional ISO-8601 timestamp string with an offset, such as {@code
 *       "2026-11-21T10:00:00Z"} or {@code "2026-11-21T10:00:00.250+01:00"}, read as by {@link
 *       java.time.OffsetDateTime#parse(CharSequence)} and then {@link Instant#parse(CharSequence)}
 *       (so {@code 24:00:00} and a leap second {@code 23:59:60} are accepted); exposed as an {@link
 *       Instant} and written in UTC by {@link Instant#toString()}
 *   <li>{@code language}, {@code language_version}: optional strings, at most 100 characters
 *   <li>{@code user_id}, {@code session_id}: optional strings, at most 64 characters
 *   <li>{@code user_type}: one of {@code general}, {@code dev}, {@code ci}; default {@code general}
 *   <li>{@code platform}, {@code container}: strings, at most 100 characters, default {@code
 *       "unknown"}
 *   <li>{@code is_ci}: boolean, default {@code false}
 *   <li>{@code status}: one of {@code R} (running), {@code C} (completed), {@code F} (failed),
 *       {@code S} (skipped); default {@code R}
 *   <li>{@code status_desc}, {@code error_type}, {@code error_desc}: optional; a string, or a
 *       number or boolean which is turned into its JSON text; at most 8192 characters
 *   <li>{@code attributes}: optional ordered key/value pairs, duplicates kept; written as {@code
 *       [["k","v"],["k","v2"]]}; also read from an object {@code {"k":"v"}}. Values may be any
 *       scalar (turned into its JSON text). At most 256 pairs; keys 1 to 200 characters, values at
 *       most 8192 characters
 * </ul>
 *
 * <p>Other string fields must be JSON strings; no trimming or case folding is done.
 */
public final class WireEvent extends WireEventData implements JsonWritable {

  /** Copies the builder; {@code attributes} must already be an unmodifiable list of its own. */
  WireEvent(Builder b, List<Map.Entry<String, String>> attributes) {
    super(b, attributes);
  }

  /**
   * Returns a new builder with every field at its default; {@code project} and {@code version} must
   * be set before {@link Builder#build()}.
   *
   * @return a new, empty builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a new builder holding this event's fields, to derive a modified copy.
   *
   * @return a new builder initialised from this event
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.id = id();
    b.kind = kind();
    b.project = project();
    b.version = version();
    b.timestamp = timestamp();
    b.language = language();
    b.languageVersion = languageVersion();
    b.userId = userId();
    b.sessionId = sessionId();
    b.userType = userType();
    b.platform = platform();
    b.container = container();
    b.isCi = isCi();
    b.status = status();
    b.statusDesc = statusDesc();
    b.errorType = errorType();
    b.errorDesc = errorDesc();
    b.attributes.addAll(attributes());
    return b;
  }

  /**
   * Validates one parsed JSON event, as returned by {@link Json#parse(CharSequence)}, and converts
   * it.
   *
   * @param parsed the parsed event; must be a {@code Map} with {@code String} keys
   * @param path the location of the event used to prefix each problem, such as {@code "events[3]"}
   *     giving {@code events[3].project: required}; an empty string gives {@code project: required}
   * @return the event
   * @throws WireFormatException listing every problem found, if there is any
   * @throws NullPointerException if {@code path} is {@code null}
   */
  public static WireEvent fromJson(Object parsed, String path) {
    Objects.requireNonNull(path, "path");
    Problems problems = Problems.json(Integer.MAX_VALUE);
    problems.item(path, -1, "", ".");
    WireEvent event = WireEventReader.read(parsed, problems);
    problems.throwIfAny();
    return event;
  }

  /**
   * Appends this event as a compact JSON object, writing only fields that are set and differ from
   * their default, in the order of the class description.
   *
   * @param out the buffer to append to; not {@code null}
   */
  @Override
  public void writeJson(StringBuilder out) {
    WireEventJson.write(this, out);
  }

  /**
   * Returns this event as compact JSON, as written by {@link #writeJson(StringBuilder)}.
   *
   * @return the JSON text
   */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder(128);
    writeJson(out);
    return out.toString();
  }

  /**
   * Mutable builder of {@link WireEvent}. Setters store their argument without checks (except
   * rejecting {@code null} attribute keys and values); {@link #build()} checks every rule of the
   * {@link WireEvent} class description. Passing {@code null} to a setter clears the field back to
   * its default. Not thread-safe; may be reused after {@code build()}.
   */
  public static final class Builder {

    String id;
    String kind = EventRules.DEFAULT_KIND;
    String project;
    String version;
    Instant timestamp;
    String language;
    String languageVersion;
    String userId;
    String sessionId;
    String userType = EventRules.DEFAULT_USER_TYPE;
    String platform = EventRules.DEFAULT_PLATFORM;
    String container = EventRules.DEFAULT_CONTAINER;
    boolean isCi;
    String status = EventRules.DEFAULT_STATUS;
    String statusDesc;
    String errorType;
    String errorDesc;
    final List<Map.Entry<String, String>> attributes = new ArrayList<>();

    Builder() {}

    /**
     * Sets the client-generated event id: 1 to 64 characters of {@code [A-Za-z0-9._:-]}.
     *
     * @param id the id, or {@code null} for none (the default)
     * @return this builder
     */
    public Builder id(String id) {
      this.id = id;
      return this;
    }

    /**
     * Sets the event kind, matching {@code [a-z][a-z0-9_]{0,31}}.
     *
     * @param kind the kind, or {@code null} for the default {@code "breadcrumb"}
     * @return this builder
     */
    public Builder kind(String kind) {
      this.kind = kind == null ? EventRules.DEFAULT_KIND : kind;
      return this;
    }

    /**
     * Sets the project, {@code "owner/name"}, at most 200 characters. Required.
     *
     * @param project the project
     * @return this builder
     */
    public Builder project(String project) {
      this.project = project;
      return this;
    }

    /**
     * Sets the version of the project, 1 to 100 characters. Required.
     *
     * @param version the version
     * @return this builder
     */
    public Builder version(String version) {
      this.version = version;
      return this;
    }

    /**
     * Sets when the event happened.
     *
     * @param timestamp the instant, or {@code null} for none (the default)
     * @return this builder
     */
    public Builder timestamp(Instant timestamp) {
      this.timestamp = timestamp;
      return this;
    }

    /**
     * Sets the client's programming language, at most 100 characters.
     *
     * @param language the language, or {@code null} for none (the default)
     * @return this builder
     */
    public Builder language(String language) {
      this.language = language;
      return this;
    }

    /**
     * Sets the version of the client's programming language, at most 100 characters.
     *
     * @param languageVersion the language version, or {@code null} for none (the default)
     * @return this builder
     */
    public Builder languageVersion(String languageVersion) {
      this.languageVersion = languageVersion;
      return this;
    }

    /**
     * Sets the pseudonymous user id, at most 64 characters.
     *
     * @param userId the user id, or {@code null} for none (the default)
     * @return this builder
     */
    public Builder userId(String userId) {
      this.userId = userId;
      return this;
    }

    /**
     * Sets the session id, at most 64 characters.
     *
     * @param sessionId the session id, or {@code null} for none (the default)
     * @return this builder
     */
    public Builder sessionId(String sessionId) {
      this.sessionId = sessionId;
      return this;
    }

    /**
     * Sets the user type: {@code "general"}, {@code "dev"} or {@code "ci"}.
     *
     * @param userType the user type, or {@code null} for the default {@code "general"}
     * @return this builder
     */
    public Builder userType(String userType) {
      this.userType = userType == null ? EventRules.DEFAULT_USER_TYPE : userType;
      return this;
    }

    /**
     * Sets the platform, at most 100 characters.
     *
     * @param platform the platform, or {@code null} for the default {@code "unknown"}
     * @return this builder
     */
    public Builder platform(String platform) {
      this.platform = platform == null ? EventRules.DEFAULT_PLATFORM : platform;
      return this;
    }

    /**
     * Sets the container technology, at most 100 characters.
     *
     * @param container the container, or {@code null} for the default {@code "unknown"}
     * @return this builder
     */
    public Builder container(String container) {
      this.container = container == null ? EventRules.DEFAULT_CONTAINER : container;
      return this;
    }

    /**
     * Sets whether the event comes from a CI run; default {@code false}.
     *
     * @param isCi the flag
     * @return this builder
     */
    public Builder isCi(boolean isCi) {
      this.isCi = isCi;
      return this;
    }

    /**
     * Sets the status: {@code "R"}, {@code "C"}, {@code "F"} or {@code "S"}.
     *
     * @param status the status, or {@code null} for the default {@code "R"}
     * @return this builder
     */
    public Builder status(String status) {
      this.status = status == null ? EventRules.DEFAULT_STATUS : status;
      return this;
    }

    /**
     * Sets the status description, at most 8192 characters.
     *
     * @param statusDesc the description, or {@code null} for none (the default)
     * @return this builder
     */
    public Builder statusDesc(String statusDesc) {
      this.statusDesc = statusDesc;
      return this;
    }

    /**
     * Sets the error type, at most 8192 characters.
     *
     * @param errorType the error type, or {@code null} for none (the default)
     * @return this builder
     */
    public Builder errorType(String errorType) {
      this.errorType = errorType;
      return this;
    }

    /**
     * Sets the error description, at most 8192 characters.
     *
     * @param errorDesc the description, or {@code null} for none (the default)
     * @return this builder
     */
    public Builder errorDesc(String errorDesc) {
      this.errorDesc = errorDesc;
      return this;
    }

    /**
     * Appends one attribute pair, keeping earlier pairs with the same key. Keys must have 1 to 200
     * characters and values at most 8192; at most 256 pairs.
     *
     * @param key the key; not {@code null}
     * @param value the value; not {@code null}
     * @return this builder
     * @throws NullPointerException if {@code key} or {@code value} is {@code null}
     */
    public Builder attribute(String key, String value) {
      attributes.add(
          new AbstractMap.SimpleImmutableEntry<>(
              Objects.requireNonNull(key, "attribute key"),
              Objects.requireNonNull(value, "attribute value")));
      return this;
    }

    /**
     * Replaces all attribute pairs with a copy of {@code pairs}, in order.
     *
     * @param pairs the pairs, or {@code null} for none (the default)
     * @return this builder
     * @throws NullPointerException if a pair, key or value is {@code null}
     */
    public Builder attributes(List<? extends Map.Entry<String, String>> pairs) {
      attributes.clear();
      if (pairs != null) {
        for (Map.Entry<String, String> e : pairs) {
          attribute(e.getKey(), e.getValue());
        }
      }
      return this;
    }

    /**
     * Checks every rule and creates the event.
     *
     * @return the new event
     * @throws WireFormatException (an {@link IllegalArgumentException}) listing every broken rule,
     *     each naming the setter, such as {@code project must be "owner/name", was "foo"} or {@code
     *     version is required}
     */
    public WireEvent build() {
      Problems problems = Problems.builder();
      EventRules.checkAll(this, problems);
      problems.throwIfAny();
      return new WireEvent(
          this,
          attributes.isEmpty()
              ? Collections.emptyList()
              : Collections.unmodifiableList(new ArrayList<>(attributes)));
    }
  }
}
