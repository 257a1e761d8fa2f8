package dev.upkeep.server.api.otumat;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upkeep.server.http.ApiException;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzz test of otumat's event body ({@code headers} and {@code rows}), read as
 * {@code JsonBodies} reads it with the server's JSON settings (docs/fuzzing.md).
 *
 * <p>Contract: a body that is JSON and an object is decoded by {@link EventRows#decode} into at
 * most {@link EventRows#MAX_ROWS} rows, each with a time and an event type of 1 to {@link
 * EventRows#MAX_TYPE_LENGTH} characters, or refused with {@link ApiException} 400, nothing else.
 */
class EventRowsFuzzTest {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  @FuzzTest(maxDuration = "5m")
  @Timeout(10)
  void decode(byte[] body) {
    JsonNode node;
    try {
      node = JSON.readTree(body);
    } catch (IOException notJson) {
      return; // JsonBodies answers 400
    }
    if (node == null || !node.isObject()) {
      return; // JsonBodies answers 400
    }
    String installId =
        node.path("installId").isTextual() ? node.get("installId").textValue() : "in_1";
    List<EventRows.Row> rows;
    try {
      rows = EventRows.decode(node, installId);
    } catch (ApiException refused) {
      assertThat(refused.status()).isEqualTo(400);
      return;
    }
    assertThat(rows).hasSizeLessThanOrEqualTo(EventRows.MAX_ROWS);
    for (EventRows.Row row : rows) {
      assertThat(row.at()).isNotNull();
      assertThat(row.eventType()).isNotEmpty().hasSizeLessThanOrEqualTo(EventRows.MAX_TYPE_LENGTH);
    }
  }
}
