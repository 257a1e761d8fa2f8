package dev.upkeep.client.internal;

import dev.upkeep.protocol.EventBatch;
import dev.upkeep.protocol.WireEvent;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Upkeep's protocol: the whole batch, with event ids, in one {@code POST {endpoint}/v1/events}. The
 * server stores an event id once, so a batch resent after a lost answer is harmless.
 */
final class UpkeepTransport implements Transport {
  private final Http http;
  private final URI events;

  UpkeepTransport(Http http, URI endpoint) {
    this.http = http;
    this.events = Endpoints.resolve(endpoint, "v1/events");
  }

  @Override
  public void abort() {
    http.abort();
  }

  @Override
  public Outcome send(List<WireEvent> batch) {
    byte[] body = EventBatch.encode(batch).getBytes(StandardCharsets.UTF_8);
    try {
      Http.Response r = http.exchange("POST", events, "application/json", body);
      if (r.ok()) {
        return Outcome.done(batch.size(), 0, null);
      }
      if (r.retryable()) {
        return Outcome.retry(0, 0, r.retryAfterMillis, "HTTP " + r.status);
      }
      return Outcome.done(batch.size(), batch.size(), "HTTP " + r.status + ": " + r.body);
    } catch (IOException | RuntimeException e) {
      return Outcome.retry(0, 0, 0, e.toString());
    }
  }
}
