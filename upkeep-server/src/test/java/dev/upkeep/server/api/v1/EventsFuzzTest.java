package dev.upkeep.server.api.v1;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.upkeep.protocol.EventBatch;
import dev.upkeep.protocol.JsonException;
import dev.upkeep.protocol.WireEvent;
import dev.upkeep.protocol.WireFormatException;
import dev.upkeep.server.ingest.UsageEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzz test of {@code POST /v1/events} decoding as the route does it: the body as
 * UTF-8, {@link EventBatch#decode(String)} (JSON array or NDJSON), then each event turned into a
 * {@link UsageEvent} (docs/fuzzing.md).
 *
 * <p>Contract: decoding throws only {@link JsonException} (400) or {@link WireFormatException}
 * (422); every decoded event becomes a stored event without an exception, its time never after the
 * server's.
 */
class EventsFuzzTest {
  private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

  @FuzzTest(maxDuration = "5m")
  @Timeout(10)
  void decode(byte[] body) {
    List<WireEvent> batch;
    try {
      batch = EventBatch.decode(new String(body, StandardCharsets.UTF_8));
    } catch (JsonException | WireFormatException refused) {
      return;
    }
    for (WireEvent w : batch) {
      UsageEvent event = EventsRoute.toEvent(w, 1, NOW);
      assertThat(event.timestamp()).isBeforeOrEqualTo(NOW);
    }
  }
}
