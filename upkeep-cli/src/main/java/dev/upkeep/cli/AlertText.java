package dev.upkeep.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.Charset;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How {@code upkeep alert} writes rules and alerts for people, from the collector's JSON
 * (docs/api.md, "Alerts"). Stateless.
 */
final class AlertText {
  private AlertText() {}

  /**
   * A rule's threshold by its kind: {@code 2× baseline, 200 runs} (failure-rate), {@code 1 run}
   * (new-error-type: the runs a version needs), {@code above 10%} (flagged-users), {@code below 5%
   * after 14d} (adoption), {@code no events for 24h} (silence); {@code x} for {@code ×} when {@code
   * charset} cannot encode it.
   */
  static String threshold(JsonNode rule, Charset charset) {
    String when = rule.path("when").asText();
    return switch (when) {
      case "failure-rate" ->
          factor(rule.path("above_baseline").asDouble(1))
              + (charset.newEncoder().canEncode('×') ? "×" : "x")
              + " baseline, "
              + runs(rule.path("min_runs").asLong());
      case "new-error-type" -> runs(rule.path("min_runs").asLong());
      case "flagged-users" -> "above " + percent(rule.path("above").asDouble());
      case "adoption" ->
          "below "
              + percent(rule.path("below").asDouble())
              + " after "
              + rule.path("after").asText();
      case "silence" -> "no events for " + rule.path("for").asText();
      default -> "-";
    };
  }

  /** {@code flag} when the rule flags the version, else null. */
  static String then(JsonNode rule) {
    return rule.path("then").isTextual() ? rule.path("then").asText() : null;
  }

  /** The types of the rule's destinations, {@code webhook, email}; null for none. */
  static String notify(JsonNode rule) {
    List<String> types = new ArrayList<>();
    rule.path("notify").forEach(n -> types.add(n.path("type").asText()));
    return types.isEmpty() ? null : String.join(", ", types);
  }

  /**
   * A rule on one line: {@code failure-rate, 2× baseline, 200 runs, then flag, notify webhook,
   * email}.
   */
  static String describe(JsonNode rule, Charset charset) {
    StringBuilder s = new StringBuilder(rule.path("when").asText());
    s.append(", ").append(threshold(rule, charset));
    if (then(rule) != null) {
      s.append(", then ").append(then(rule));
    }
    String notify = notify(rule);
    s.append(notify == null ? ", no destination" : ", notify " + notify);
    return s.toString();
  }

  /** The rule of an alert: {@code failure-rate #1}. */
  static String rule(JsonNode alert) {
    JsonNode kind = alert.path("rule");
    return (kind.isTextual() ? kind.asText() + " " : "") + "#" + alert.path("rule_id").asLong();
  }

  /** A time from the collector to the second, {@code 2026-03-01T12:00:00Z}; null stays null. */
  static String time(JsonNode at) {
    if (at == null || at.isNull() || at.isMissingNode()) {
      return null;
    }
    try {
      return Instant.parse(at.asText()).truncatedTo(ChronoUnit.SECONDS).toString();
    } catch (DateTimeParseException e) {
      return at.asText();
    }
  }

  /** A JSON string or number as text; null for null or missing. */
  static String text(JsonNode n) {
    return n == null || n.isNull() || n.isMissingNode() ? null : n.asText();
  }

  /** A share as a percentage without needless decimals: {@code 10%}, {@code 12.5%}. */
  static String percent(double share) {
    return plain(share * 100) + "%";
  }

  /** {@code 2}, {@code 1.5}. */
  static String factor(double f) {
    return plain(f);
  }

  private static String runs(long n) {
    return String.format(Locale.ROOT, "%,d run%s", n, n == 1 ? "" : "s");
  }

  /** Up to two decimals, trailing zeros left out. */
  private static String plain(double v) {
    String s = String.format(Locale.ROOT, "%.2f", v);
    s = s.replaceAll("0+$", "");
    return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
  }
}
