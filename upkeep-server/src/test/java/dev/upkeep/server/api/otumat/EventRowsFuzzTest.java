package dev.upkeep.server.api.otumat;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.upkeep.server.http.ApiException;
import java.io.ByteArrayInputStream;
import java.util.List;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzz test of otumat's event body, read as {@code EventRoute} reads it: streamed
 * by {@link EventUpload#read} (at most {@code MAX_ROWS} rows kept), then decoded by {@link
 * EventRows#decode} (docs/fuzzing.md).
 *
 * <p>Contract: the reader keeps at most {@code MAX_ROWS} rows or refuses with {@link ApiException}
 * 400 (413 past the byte limit); the decoder gives rows each with a time and an event type of 1 to
 * {@link EventRows#MAX_TYPE_LENGTH} characters, or refuses with 400; nothing else.
 */
class EventRowsFuzzTest {
  private static final int MAX_ROWS = 1000;

  @FuzzTest(maxDuration = "5m")
  @Timeout(10)
  void decode(byte[] body) {
    EventUpload.Body read;
    try {
      read = EventUpload.read(new ByteArrayInputStream(body), body.length, MAX_ROWS);
    } catch (ApiException refused) {
      assertThat(refused.status()).isIn(400, 413);
      return;
    }
    assertThat(read.rows() == null ? 0 : read.rows().size()).isLessThanOrEqualTo(MAX_ROWS);
    if (read.rows() == null) {
      return; // EventRoute answers 400
    }
    String installId =
        read.installId() != null && read.installId().isTextual()
            ? read.installId().textValue()
            : "in_1";
    List<EventRows.Row> rows;
    try {
      rows = EventRows.decode(read.headers(), read.rows(), installId);
    } catch (ApiException refused) {
      assertThat(refused.status()).isEqualTo(400);
      return;
    }
    for (EventRows.Row row : rows) {
      assertThat(row.at()).isNotNull();
      assertThat(row.eventType()).isNotEmpty().hasSizeLessThanOrEqualTo(EventRows.MAX_TYPE_LENGTH);
    }
  }
}
