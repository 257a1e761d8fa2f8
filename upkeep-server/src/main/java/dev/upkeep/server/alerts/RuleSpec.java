package dev.upkeep.server.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.upkeep.server.releasehealth.RegressionRule;
import dev.upkeep.server.settings.DurationText;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An alert rule as a maintainer writes it ({@code upkeep alert add}) and the store keeps it, as
 * JSON: {@code {"when", "above_baseline", "min_runs", "above", "below", "after", "for", "then",
 * "reason_template", "notify": [...]}}. Each kind reads its own fields; the others are left out.
 * Immutable.
 *
 * @param when what it watches
 * @param factor failure-rate: how many times the previous version's upper bound the new lower bound
 *     must exceed ({@code --above-baseline 2x}: 2), 1 or more; default 1
 * @param minRuns failure-rate and new-error-type: finished runs a version needs before it is
 *     judged; default {@link RegressionRule#MIN_RUNS} for failure-rate, 1 for new-error-type
 * @param above flagged-users: the share of active users, 0 to 1 ({@code --above 10%}: 0.1)
 * @param below adoption: the share of active users, 0 to 1 ({@code --below 5%}: 0.05)
 * @param after adoption: how long after the newest release was first seen it is judged; default 14
 *     days
 * @param silence silence: how long without any event fires it; default 24 hours
 * @param thenFlag whether an alert flags its version ({@code --then flag}; per-version kinds only)
 * @param reasonTemplate the flag's reason, {@code {version}}, {@code {rate}}, {@code {previous}},
 *     {@code {previous_rate}}, {@code {rule}} replaced; null for the default
 * @param destinations where its alerts go ({@code "notify"}), possibly nowhere (the dashboard's
 *     list only)
 */
public record RuleSpec(
    RuleKind when,
    double factor,
    long minRuns,
    Double above,
    Double below,
    Duration after,
    Duration silence,
    boolean thenFlag,
    String reasonTemplate,
    List<Notify> destinations) {
  /** The flag reason when the rule gives none. */
  public static final String DEFAULT_REASON =
      "{version} fails {rate} of runs (was {previous_rate} in {previous}): flagged by alert rule"
          + " {rule}";

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * @throws IllegalArgumentException naming the field that is missing or wrong
   */
  public RuleSpec {
    Objects.requireNonNull(when, "when");
    destinations = destinations == null ? List.of() : List.copyOf(destinations);
    if (!(factor >= 1) || Double.isInfinite(factor)) {
      throw new IllegalArgumentException("above-baseline must be 1x or more, was " + factor);
    }
    if (minRuns < 0) {
      throw new IllegalArgumentException("min-runs must be 0 or more, was " + minRuns);
    }
    switch (when) {
      case FLAGGED_USERS -> share("above", above);
      case ADOPTION -> {
        share("below", below);
        positive("after", after);
      }
      case SILENCE -> positive("for", silence);
      default -> {}
    }
    if (thenFlag && !when.perVersion()) {
      throw new IllegalArgumentException(
          "--then flag flags a version; " + when.id() + " is about the whole project");
    }
  }

  private static void share(String name, Double value) {
    if (value == null || !(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException(
          name + " must be a share from 0% to 100%, was " + (value == null ? "missing" : value));
    }
  }

  private static void positive(String name, Duration d) {
    if (d == null || d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException(name + " must be a duration such as 24h or 14d");
    }
  }

  private static long defaultMinRuns(RuleKind when) {
    return when == RuleKind.FAILURE_RATE
        ? RegressionRule.MIN_RUNS
        : when == RuleKind.NEW_ERROR_TYPE ? 1 : 0;
  }

  private static Duration defaultAfter(RuleKind when) {
    return when == RuleKind.ADOPTION ? Duration.ofDays(14) : null;
  }

  private static Duration defaultSilence(RuleKind when) {
    return when == RuleKind.SILENCE ? Duration.ofHours(24) : null;
  }

  /**
   * The failure-rate judgement of this rule (its factor and min-runs, {@link RegressionRule#Z}).
   */
  public RegressionRule regression() {
    return new RegressionRule(factor, Math.max(1, minRuns), RegressionRule.Z);
  }

  /** The flag reason for a version, from {@link #reasonTemplate} or {@link #DEFAULT_REASON}. */
  public String reason(
      long ruleId, String version, String rate, String previous, String previousRate) {
    String template = reasonTemplate == null ? DEFAULT_REASON : reasonTemplate;
    return template
        .replace("{version}", version)
        .replace("{rate}", rate)
        .replace("{previous}", previous == null ? "none" : previous)
        .replace("{previous_rate}", previousRate == null ? "n/a" : previousRate)
        .replace("{rule}", Long.toString(ruleId));
  }

  /** This rule as the JSON {@link #parse} reads. */
  public String toJson() {
    ObjectNode o = JSON.createObjectNode();
    o.put("when", when.id());
    if (when == RuleKind.FAILURE_RATE) {
      o.put("above_baseline", factor);
    }
    if (when == RuleKind.FAILURE_RATE || when == RuleKind.NEW_ERROR_TYPE) {
      o.put("min_runs", minRuns);
    }
    if (above != null) {
      o.put("above", above);
    }
    if (below != null) {
      o.put("below", below);
    }
    if (after != null) {
      o.put("after", durationText(after));
    }
    if (silence != null) {
      o.put("for", durationText(silence));
    }
    if (thenFlag) {
      o.put("then", "flag");
    }
    if (reasonTemplate != null) {
      o.put("reason_template", reasonTemplate);
    }
    ArrayNode n = o.putArray("notify");
    for (Notify d : destinations) {
      ObjectNode x = n.addObject();
      x.put("type", d.type());
      if (d.url() != null) {
        x.put("url", d.url());
      }
      if (d.secret() != null) {
        x.put("secret", d.secret());
      }
      if (d.room() != null) {
        x.put("room", d.room());
      }
      if (!d.to().isEmpty()) {
        ArrayNode to = x.putArray("to");
        d.to().forEach(to::add);
      }
    }
    return o.toString();
  }

  /** A duration as rules write it: {@code 14d}, else as a setting ({@code 90m}). */
  static String durationText(Duration d) {
    return d.toMillis() % 86_400_000L == 0 ? d.toDays() + "d" : DurationText.format(d);
  }

  /**
   * Reads a rule's JSON.
   *
   * @throws IllegalArgumentException naming the field that is missing or wrong
   */
  public static RuleSpec parse(String json) {
    JsonNode o;
    try {
      o = JSON.readTree(json);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("a rule must be a JSON object: " + e.getOriginalMessage());
    }
    return parse(o);
  }

  /**
   * Reads a rule from a parsed JSON object (an API request's body).
   *
   * @throws IllegalArgumentException naming the field that is missing or wrong
   */
  public static RuleSpec parse(JsonNode o) {
    if (o == null || !o.isObject()) {
      throw new IllegalArgumentException("a rule must be a JSON object");
    }
    RuleKind when = RuleKind.parse(text(o, "when", null));
    List<Notify> notify = new ArrayList<>();
    JsonNode n = o.get("notify");
    if (n != null && !n.isNull()) {
      if (!n.isArray()) {
        throw new IllegalArgumentException("notify must be a list");
      }
      for (JsonNode x : n) {
        List<String> to = new ArrayList<>();
        if (x.has("to")) {
          x.get("to").forEach(t -> to.add(t.asText()));
        }
        notify.add(
            new Notify(
                text(x, "type", null),
                text(x, "url", null),
                text(x, "secret", null),
                text(x, "room", null),
                to));
      }
    }
    String then = text(o, "then", null);
    if (then != null && !then.equals("flag")) {
      throw new IllegalArgumentException("then must be flag, was \"" + then + "\"");
    }
    return new RuleSpec(
        when,
        o.has("above_baseline") ? number(o, "above_baseline") : 1,
        o.has("min_runs") ? (long) number(o, "min_runs") : defaultMinRuns(when),
        o.has("above") ? number(o, "above") : null,
        o.has("below") ? number(o, "below") : null,
        o.has("after") ? DurationText.parse("after", text(o, "after", null)) : defaultAfter(when),
        o.has("for") ? DurationText.parse("for", text(o, "for", null)) : defaultSilence(when),
        then != null,
        text(o, "reason_template", null),
        notify);
  }

  private static String text(JsonNode o, String field, String fallback) {
    JsonNode v = o.get(field);
    if (v == null || v.isNull()) {
      return fallback;
    }
    if (!v.isTextual()) {
      throw new IllegalArgumentException(field + " must be text, was " + v);
    }
    return v.asText();
  }

  private static double number(JsonNode o, String field) {
    JsonNode v = o.get(field);
    if (v == null || !v.isNumber()) {
      throw new IllegalArgumentException(field + " must be a number, was " + v);
    }
    return v.asDouble();
  }
}
