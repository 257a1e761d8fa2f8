package dev.upkeep.server.alerts;

import dev.upkeep.server.releasehealth.VersionHealth;
import java.util.Map;
import java.util.Objects;

/**
 * What a rule found to hold now: the alert it fires if none is open for its version.
 *
 * @param version the version, {@code ""} for a rule of the whole project
 * @param summary one line for people, e.g. {@code acme/tool 1.1.0: failure rate 10.0% (7.4–13.3%)
 *     above 1.0.0's 1.0% (0.4–2.5%)}
 * @param evidence what it fired on, JSON-able, in order: counts, rates, intervals, top error types
 * @param health the version's health for per-version rules, else null
 */
public record Finding(
    String version, String summary, Map<String, Object> evidence, VersionHealth health) {
  public Finding {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(summary, "summary");
    evidence = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(evidence));
  }
}
