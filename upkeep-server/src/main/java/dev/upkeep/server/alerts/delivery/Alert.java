package dev.upkeep.server.alerts.delivery;

import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One alert as it is delivered: a rule's firing (or its recovery) for a project, and optionally one
 * of its versions. Immutable and thread-safe.
 *
 * <p>Build one with {@link #builder()}; the canonical constructor validates every component and
 * throws {@link IllegalArgumentException} naming the component and the bad value.
 *
 * @param id stable per firing: the firing and its recovery carry the same id (e.g. {@code "a-42"});
 *     receivers deduplicate on it. Not blank, at most 200 characters.
 * @param project the project, {@code owner/name}
 * @param version the version the rule judged, or null for a project-wide rule (e.g. silence)
 * @param rule the rule's id, e.g. {@code "failure-rate"}; not blank
 * @param state {@link State#FIRING} or {@link State#RECOVERED}
 * @param at when the rule fired or recovered
 * @param summary one human line, e.g. {@code owner/name 2.8.0: failure rate 12.5% (was 1.1%)}; no
 *     line breaks, at most 500 characters. E-mail subjects and chat headlines are made from it.
 * @param evidence what the rule saw, JSON values only ({@link Evidence}: strings, numbers,
 *     booleans, null, lists and maps of them), in insertion order; copied, unmodifiable
 * @param link the dashboard page of the alert (absolute http or https URL), or null
 */
public record Alert(
    String id,
    String project,
    String version,
    String rule,
    State state,
    Instant at,
    String summary,
    Map<String, Object> evidence,
    String link) {

  /** Project names as the collector registers them: {@code owner/name}. */
  private static final Pattern PROJECT = Pattern.compile("^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$");

  /** Whether a rule has fired or has recovered. */
  public enum State {
    /** The rule's condition holds. */
    FIRING,
    /** The rule's condition held before and holds no more. */
    RECOVERED;

    /** The state as the webhook body writes it: {@code "firing"} or {@code "recovered"}. */
    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public Alert {
    id = required("alert id", id);
    if (id.length() > 200) {
      throw new IllegalArgumentException(
          "alert id must be at most 200 characters, was " + id.length());
    }
    project = required("alert project", project);
    if (!PROJECT.matcher(project).matches()) {
      throw new IllegalArgumentException("alert project must be owner/name, was " + project);
    }
    if (version != null
        && (version.isBlank() || version.chars().anyMatch(Character::isWhitespace))) {
      throw new IllegalArgumentException(
          "alert version must be null or a version without spaces, was \"" + version + "\"");
    }
    rule = required("alert rule", rule);
    if (state == null) {
      throw new IllegalArgumentException("alert state is required (FIRING or RECOVERED)");
    }
    if (at == null) {
      throw new IllegalArgumentException("alert time (at) is required");
    }
    summary = required("alert summary", summary);
    if (summary.indexOf('\n') >= 0 || summary.indexOf('\r') >= 0) {
      throw new IllegalArgumentException("alert summary must be one line, was \"" + summary + "\"");
    }
    if (summary.length() > 500) {
      throw new IllegalArgumentException(
          "alert summary must be at most 500 characters, was " + summary.length());
    }
    evidence = Evidence.copyOf(evidence == null ? Map.of() : evidence);
    if (link != null) {
      checkLink(link);
    }
  }

  /** A builder with no evidence, no version and no link. */
  public static Builder builder() {
    return new Builder();
  }

  private static String required(String what, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(
          what + " is required, was " + (value == null ? "null" : "blank"));
    }
    return value;
  }

  private static void checkLink(String link) {
    URI uri;
    try {
      uri = new URI(link);
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException("alert link must be an http or https URL, was " + link, e);
    }
    String scheme = uri.getScheme();
    if (scheme == null
        || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
        || uri.getHost() == null) {
      throw new IllegalArgumentException("alert link must be an http or https URL, was " + link);
    }
  }

  /** Builds an {@link Alert}; not thread-safe. {@link #build()} validates. */
  public static final class Builder {
    private String id;
    private String project;
    private String version;
    private String rule;
    private State state;
    private Instant at;
    private String summary;
    private final Map<String, Object> evidence = new LinkedHashMap<>();
    private String link;

    private Builder() {}

    public Builder id(String id) {
      this.id = id;
      return this;
    }

    public Builder project(String project) {
      this.project = project;
      return this;
    }

    /** The version, or null (the default) for a project-wide rule. */
    public Builder version(String version) {
      this.version = version;
      return this;
    }

    public Builder rule(String rule) {
      this.rule = rule;
      return this;
    }

    public Builder state(State state) {
      this.state = state;
      return this;
    }

    public Builder at(Instant at) {
      this.at = at;
      return this;
    }

    public Builder summary(String summary) {
      this.summary = summary;
      return this;
    }

    /** Adds one evidence entry after those added before (a key added again keeps its place). */
    public Builder evidence(String key, Object value) {
      evidence.put(key, value);
      return this;
    }

    /** Adds every entry of {@code entries}, in its iteration order. */
    public Builder evidence(Map<String, ?> entries) {
      evidence.putAll(entries);
      return this;
    }

    /** The dashboard URL, or null (the default). */
    public Builder link(String link) {
      this.link = link;
      return this;
    }

    /**
     * The alert.
     *
     * @throws IllegalArgumentException naming the first missing or bad component
     */
    public Alert build() {
      return new Alert(id, project, version, rule, state, at, summary, evidence, link);
    }
  }
}
