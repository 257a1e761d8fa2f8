package dev.upkeep.server.releasehealth;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link ReleaseHealth} as the JSON of {@code GET /v1/projects/{owner}/{name}/health} (docs/api.md)
 * and of an alert's evidence: maps in a fixed key order, rates and shares as numbers from 0 to 1,
 * intervals at 95 % ({@link FailureRate#Z95}). Stateless.
 */
public final class HealthJson {
  private HealthJson() {}

  /**
   * {@code {"project", "from", "to", "active_from", "active_users", "flagged_users",
   * "flagged_share", "versions": [...]}} with the versions {@link #version} writes.
   */
  public static Map<String, Object> of(ReleaseHealth h, List<VersionHealth> versions) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("project", h.project());
    out.put("from", h.from().toString());
    out.put("to", h.to().toString());
    out.put("active_from", h.activeFrom().toString());
    out.put("active_users", h.activeUsers());
    out.put("flagged_users", h.flaggedUsers());
    out.put("flagged_share", h.flaggedShare());
    out.put("versions", versions.stream().map(v -> version(v, true)).toList());
    return out;
  }

  /**
   * {@code {"version", "runs", "failures", "failure_rate", "interval": {"lower", "upper",
   * "confidence"}, "previous": {"version", "runs", "failures", "failure_rate", "interval"} or null,
   * "verdict": "healthy" | "regressed" | "too_few_runs" | null, "error_types": [{"type",
   * "failures"}], "new_error_types": [...], "users", "adoption", "first_seen",
   * "adoption_first_week", "flagged", "flag_reason"}}, and with {@code days} also {@code "days":
   * [{"date", "runs", "failures"}]}.
   */
  public static Map<String, Object> version(VersionHealth v, boolean days) {
    Map<String, Object> out = rate(v.version(), v.rate());
    Map<String, Object> previous =
        v.previous() == null ? null : rate(v.previous(), v.previousRate());
    out.put("previous", previous);
    out.put(
        "verdict",
        v.verdict() == null ? null : v.verdict().name().toLowerCase(java.util.Locale.ROOT));
    out.put("error_types", errors(v.errorTypes()));
    out.put("new_error_types", errors(v.newErrorTypes()));
    out.put("users", v.users());
    out.put("adoption", v.adoption());
    out.put("first_seen", v.firstSeen() == null ? null : v.firstSeen().toString());
    out.put("adoption_first_week", v.firstWeek());
    out.put("flagged", v.flagged());
    out.put("flag_reason", v.flagReason());
    if (days) {
      out.put(
          "days",
          v.days().stream()
              .map(
                  d -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("date", d.date().toString());
                    m.put("runs", d.rate().runs());
                    m.put("failures", d.rate().failures());
                    return m;
                  })
              .toList());
    }
    return out;
  }

  private static Map<String, Object> rate(String version, FailureRate r) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("version", version);
    out.put("runs", r.runs());
    out.put("failures", r.failures());
    out.put("failure_rate", r.estimate());
    FailureRate.Interval i = r.interval();
    Map<String, Object> interval = new LinkedHashMap<>();
    interval.put("lower", i.lower());
    interval.put("upper", i.upper());
    interval.put("confidence", 0.95);
    out.put("interval", interval);
    return out;
  }

  private static List<Map<String, Object>> errors(List<VersionHealth.ErrorCount> types) {
    return types.stream()
        .map(
            t -> {
              Map<String, Object> m = new LinkedHashMap<>();
              m.put("type", t.type());
              m.put("failures", t.failures());
              return m;
            })
        .toList();
  }
}
