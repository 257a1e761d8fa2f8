package dev.upkeep.client.internal.transport;

import dev.upkeep.protocol.EventBatch;
import dev.upkeep.protocol.WireEvent;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Upkeep's protocol: the whole batch, with event ids, in one {@code POST {endpoint}/v1/events}. The
 * server stores an event id once, so a batch resent after a lost answer is harmless. An enrolled
 * install's batches carry {@code Authorization: Bearer <access token>} ({@link InstallAuth}); a 401
 * then keeps the batch for later instead of dropping it.
 */
public final class UpkeepTransport implements Transport {
  private final Http http;
  private final URI events;
  private final Clock clock;
  private volatile InstallAuth auth;
  private volatile String ingestKey;

  /**
   * @param clock the time an install token must be valid at
   */
  public UpkeepTransport(Http http, URI endpoint, Clock clock) {
    this.http = http;
    this.events = Endpoints.resolve(endpoint, "v1/events");
    this.clock = clock;
  }

  @Override
  public void abort() {
    http.abort();
  }

  @Override
  public void auth(InstallAuth auth) {
    this.auth = auth;
  }

  @Override
  public void ingestKey(String key) {
    this.ingestKey = key;
  }

  @Override
  public Outcome send(List<WireEvent> batch) {
    Map<String, String> headers = new HashMap<>();
    String key = ingestKey;
    if (key != null) {
      headers.put("X-Upkeep-Ingest-Key", key);
    }
    InstallAuth a = auth;
    if (a != null && covers(a.project(), batch)) {
      String token = a.accessToken(clock.millis());
      if (token == null) {
        return Outcome.retry(0, 0, 0, "no valid install token now (refresh failed)");
      }
      headers.put("Authorization", "Bearer " + token);
    }
    byte[] body = EventBatch.encode(batch).getBytes(StandardCharsets.UTF_8);
    try {
      Http.Response r = http.exchange("POST", events, "application/json", body, headers);
      if (r.ok()) {
        return Outcome.done(batch.size(), 0, null);
      }
      if (r.status == 401 && headers.containsKey("Authorization")) {
        // expired early (clock skew) or revoked: keep the batch; the next token refresh decides
        return Outcome.retry(0, 0, 0, "HTTP 401: the install token was refused");
      }
      if (r.retryable()) {
        return Outcome.retry(0, 0, r.retryAfterMillis, "HTTP " + r.status);
      }
      return Outcome.done(batch.size(), batch.size(), "HTTP " + r.status + ": " + r.body);
    } catch (IOException | RuntimeException e) {
      return Outcome.retry(0, 0, 0, e.toString());
    }
  }

  /** Whether every event of the batch belongs to the enrolled project. */
  private static boolean covers(String project, List<WireEvent> batch) {
    for (WireEvent e : batch) {
      if (!project.equals(e.project())) {
        return false;
      }
    }
    return !batch.isEmpty();
  }
}
