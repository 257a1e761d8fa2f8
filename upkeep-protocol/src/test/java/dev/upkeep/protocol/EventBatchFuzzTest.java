package dev.upkeep.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzz tests of the v1 event batch decoder, JSON and NDJSON (docs/fuzzing.md). A
 * plain build runs the seed corpus in {@code EventBatchFuzzTestInputs/}; {@code JAZZER_FUZZ=1}
 * fuzzes one target (bench/fuzz.sh).
 *
 * <p>Contract: {@link EventBatch#decode(String)} returns 1 to {@link EventBatch#MAX_EVENTS} events
 * or throws {@link JsonException} or {@link WireFormatException}, nothing else; what it returns
 * encodes and decodes back to the same events.
 */
class EventBatchFuzzTest {

  @FuzzTest(maxDuration = "5m")
  @Timeout(10)
  void decode(byte[] body) {
    List<WireEvent> events;
    try {
      events = EventBatch.decode(new String(body, StandardCharsets.UTF_8));
    } catch (JsonException | WireFormatException expected) {
      assertThat(expected.getMessage()).isNotBlank();
      return;
    }
    assertThat(events).isNotEmpty().hasSizeLessThanOrEqualTo(EventBatch.MAX_EVENTS);
    assertThat(EventBatch.decode(EventBatch.encode(events))).isEqualTo(events);
  }
}
