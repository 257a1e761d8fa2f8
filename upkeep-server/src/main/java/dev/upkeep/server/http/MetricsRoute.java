package dev.upkeep.server.http;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;

/**
 * {@code GET /metrics}: the Prometheus text exposition (format 0.0.4) of every meter.
 *
 * <p>Open by default, as before. With the {@code metrics-token} setting, a request must send {@code
 * Authorization: Bearer <token>} (compared in constant time); any other gets 401 with {@code
 * WWW-Authenticate: Bearer realm="upkeep-metrics"}. Prometheus sends it with {@code authorization:
 * {credentials: <token>}} in the scrape config. Thread-safe.
 */
public final class MetricsRoute implements Handler {
  private final PrometheusMeterRegistry registry;
  private final byte[] expected;

  /**
   * @param token the bearer token required, or null for an open route
   */
  public MetricsRoute(PrometheusMeterRegistry registry, String token) {
    this.registry = registry;
    this.expected = token == null ? null : ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void handle(Context ctx) {
    if (expected != null) {
      String h = ctx.header("Authorization");
      byte[] sent = h == null ? new byte[0] : h.strip().getBytes(StandardCharsets.UTF_8);
      if (!MessageDigest.isEqual(sent, expected)) {
        ctx.status(401)
            .header("WWW-Authenticate", "Bearer realm=\"upkeep-metrics\"")
            .json(
                Map.of(
                    "detail",
                    h == null
                        ? "/metrics needs the metrics token: send Authorization: Bearer"
                            + " <metrics-token>."
                        : "The metrics token is wrong."));
        return;
      }
    }
    ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(registry.scrape());
  }
}
