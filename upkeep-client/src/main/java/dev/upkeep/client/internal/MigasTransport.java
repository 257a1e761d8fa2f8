package dev.upkeep.client.internal;

import dev.upkeep.protocol.Json;
import dev.upkeep.protocol.WireEvent;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * migas' REST protocol, as migas-py main speaks it: one {@code POST {endpoint}/api/breadcrumb} per
 * event, body {@code {"project", "project_version", "language", "language_version", "ctx": {...},
 * "proc": {...}}}. migas has no event ids and no attributes.
 */
final class MigasTransport implements Transport {
  private final Http http;
  private final URI breadcrumb;

  MigasTransport(Http http, URI endpoint) {
    this.http = http;
    this.breadcrumb = Endpoints.resolve(endpoint, "api/breadcrumb");
  }

  @Override
  public Outcome send(List<WireEvent> batch) {
    for (int i = 0; i < batch.size(); i++) {
      byte[] body = Json.write(body(batch.get(i))).getBytes(StandardCharsets.UTF_8);
      try {
        Http.Response r = http.exchange("POST", breadcrumb, "application/json", body);
        if (r.retryable()) {
          return Outcome.retry(i, r.retryAfterMillis, "HTTP " + r.status);
        }
        if (!r.ok()) {
          return Outcome.rejected(i, "HTTP " + r.status + ": " + r.body);
        }
      } catch (IOException | RuntimeException e) {
        return Outcome.retry(i, 0, e.toString());
      }
    }
    return Outcome.delivered(batch.size());
  }

  /** The breadcrumb body of PROTOCOLS.md section 1.2 for one event. */
  static Map<String, Object> body(WireEvent e) {
    Map<String, Object> ctx = new LinkedHashMap<>();
    ctx.put("user_id", e.userId());
    ctx.put("session_id", e.sessionId());
    ctx.put("user_type", e.userType());
    ctx.put("platform", e.platform());
    ctx.put("container", migasContainer(e.container()));
    ctx.put("is_ci", e.isCi());
    Map<String, Object> proc = new LinkedHashMap<>();
    proc.put("status", e.status());
    proc.put("status_desc", e.statusDesc());
    proc.put("error_type", e.errorType());
    proc.put("error_desc", e.errorDesc());
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("project", e.project());
    m.put("project_version", e.version());
    m.put("language", e.language() == null ? "java" : e.language());
    m.put("language_version", e.languageVersion() == null ? "0.0.0" : e.languageVersion());
    m.put("ctx", ctx);
    m.put("proc", proc);
    return m;
  }

  /** migas knows only unknown, docker and apptainer. */
  static String migasContainer(String container) {
    switch (container) {
      case "docker":
      case "podman":
        return "docker";
      case "apptainer":
        return "apptainer";
      default:
        return "unknown";
    }
  }
}
