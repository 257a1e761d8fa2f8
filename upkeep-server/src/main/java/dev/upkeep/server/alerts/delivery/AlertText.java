package dev.upkeep.server.alerts.delivery;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/** The words of an alert shared by the destinations that a person reads (e-mail, Slack, Matrix). */
final class AlertText {
  private AlertText() {}

  /** ISO-8601 UTC to the millisecond at most, e.g. {@code 2026-11-30T12:00:00Z}. */
  static String time(Instant at) {
    return DateTimeFormatter.ISO_INSTANT.format(at.truncatedTo(ChronoUnit.MILLIS));
  }

  /** {@code [FIRING] summary} or {@code [RECOVERED] summary}. */
  static String headline(Alert alert) {
    return "[" + alert.state().name() + "] " + alert.summary();
  }

  /** {@code rule failure-rate · alert a-42 · 2026-11-30T12:00:00Z}. */
  static String context(Alert alert) {
    return "rule " + alert.rule() + " · alert " + alert.id() + " · " + time(alert.at());
  }

  /** {@code [upkeep] summary}, or {@code [upkeep] recovered: summary}. */
  static String subject(Alert alert) {
    return "[upkeep] "
        + (alert.state() == Alert.State.RECOVERED ? "recovered: " : "")
        + alert.summary();
  }

  /** The plain text of the whole alert: headline, facts, evidence, link. */
  static String plain(Alert alert) {
    StringBuilder b = new StringBuilder();
    b.append(headline(alert)).append("\n\n");
    line(b, "State", alert.state().wireName());
    line(b, "Project", alert.project());
    if (alert.version() != null) {
      line(b, "Version", alert.version());
    }
    line(b, "Rule", alert.rule());
    line(b, "At", time(alert.at()));
    line(b, "Alert", alert.id());
    if (!alert.evidence().isEmpty()) {
      b.append("\nEvidence:\n");
      for (Map.Entry<String, Object> e : alert.evidence().entrySet()) {
        b.append("  ")
            .append(e.getKey())
            .append(": ")
            .append(Evidence.text(e.getValue()))
            .append('\n');
      }
    }
    if (alert.link() != null) {
      b.append("\nDashboard: ").append(alert.link()).append('\n');
    }
    return b.toString();
  }

  private static void line(StringBuilder b, String name, String value) {
    b.append(name).append(": ").append(value).append('\n');
  }
}
