package dev.upkeep.server.alerts.delivery;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The alert and the clock the delivery tests share. */
final class Alerts {
  static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  private Alerts() {}

  /** A firing failure-rate alert with evidence of every JSON kind. */
  static Alert failureRate() {
    return Alert.builder()
        .id("a-42")
        .project("owner/name")
        .version("2.8.0")
        .rule("failure-rate")
        .state(Alert.State.FIRING)
        .at(Instant.parse("2026-11-30T11:59:30Z"))
        .summary("owner/name 2.8.0: failure rate 12.5% (was 1.1%)")
        .evidence("runs", 812)
        .evidence("failures", 102L)
        .evidence("rate", 0.125)
        .evidence("interval", interval(0.1, 0.15))
        .evidence("top_errors", List.of("ValueError", "KeyError"))
        .evidence("baseline_version", "2.7.3")
        .link("https://upkeep.example.org/projects/owner/name/alerts/a-42")
        .build();
  }

  private static Map<String, Object> interval(double lower, double upper) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("lower", lower);
    m.put("upper", upper);
    return m;
  }
}
