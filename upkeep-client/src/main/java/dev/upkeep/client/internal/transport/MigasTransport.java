package dev.upkeep.client.internal.transport;

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
public final class MigasTransport implements Transport {
  private final Http http;
  private final URI breadcrumb;

  public MigasTransport(Http http, URI endpoint) {
    this.http = http;
    this.breadcrumb = Endpoints.resolve(endpoint, "api/breadcrumb");
  }

  @Override
  public void abort() {
    http.abort();
  }

  @Override
  public Outcome send(List<WireEvent> batch) {
    int refused = 0;
    String reason = null;
    for (int i = 0; i < batch.size(); i++) {
      byte[] body = Json.write(body(batch.get(i))).getBytes(StandardCharsets.UTF_8);
      try {
        Http.Response r = http.exchange("POST", breadcrumb, "application/json", body);
        if (r.retryable()) {
          return Outcome.retry(i, refused, r.retryAfterMillis, "HTTP " + r.status);
        }
        if (!r.ok()) {
          refused++;
          reason = "HTTP " + r.status + ": " + r.body;
        }
      } catch (IOException | RuntimeException e) {
        return Outcome.retry(i, refused, 0, e.toString());
      }
    }
    return Outcome.done(batch.size(), refused, reason);
  }

  /**
   * The breadcrumb body of PROTOCOLS.md section 1.2 for one event; like migas-py main, empty values
   * are left out rather than sent as null.
   */
  static Map<String, Object> body(WireEvent e) {
    Map<String, Object> ctx = new LinkedHashMap<>();
    putIfSet(ctx, "user_id", e.userId());
    putIfSet(ctx, "session_id", e.sessionId());
    putIfSet(ctx, "user_type", e.userType());
    putIfSet(ctx, "platform", e.platform());
    ctx.put("container", migasContainer(e.container()));
    ctx.put("is_ci", e.isCi());
    Map<String, Object> proc = new LinkedHashMap<>();
    proc.put("status", e.status());
    putIfSet(proc, "status_desc", e.statusDesc());
    putIfSet(proc, "error_type", e.errorType());
    putIfSet(proc, "error_desc", e.errorDesc());
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("project", e.project());
    m.put("project_version", e.version());
    m.put("language", e.language() == null ? "java" : e.language());
    m.put("language_version", e.languageVersion() == null ? "0.0.0" : e.languageVersion());
    m.put("ctx", ctx);
    m.put("proc", proc);
    return m;
  }

  private static void putIfSet(Map<String, Object> m, String key, String value) {
    if (value != null && !value.isEmpty()) {
      m.put(key, value);
    }
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
