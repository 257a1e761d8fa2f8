package dev.upkeep.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 14 item 1 for the v1 batch parser (JSON array and NDJSON): bodies built to be deep, long or
 * repetitive are refused with an error naming the limit, or read in one pass. The timeout only
 * keeps a regression from hanging the build.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class AdversarialBatchTest {
  static final int MILLION = 1_000_000;
  static final String EVENT = "{\"id\":\"e1\",\"project\":\"a/b\",\"version\":\"1.0.0\"}";

  @Test
  void aMillionNestedBracketsStopAtTheDepthLimit() {
    String deep = "[".repeat(MILLION) + "]".repeat(MILLION);
    String deepLine = "{\"a\":".repeat(MILLION) + "1" + "}".repeat(MILLION);

    assertThatThrownBy(() -> EventBatch.decode(deep))
        .isInstanceOf(JsonException.class)
        .hasMessageContaining("nesting deeper than 64 levels");
    assertThatThrownBy(() -> EventBatch.decode(deepLine))
        .isInstanceOf(JsonException.class)
        .hasMessageContaining("nesting deeper than 64 levels");
  }

  @Test
  void aMillionEventsStopAtTheEventLimit() {
    String array = "[" + (EVENT + ",").repeat(MILLION / 50) + EVENT + "]";
    String lines = (EVENT + "\n").repeat(MILLION / 50);

    assertThatThrownBy(() -> EventBatch.decode(array))
        .isInstanceOf(WireFormatException.class)
        .hasMessageContaining("batch has 20001 events, the limit is 1000");
    assertThatThrownBy(() -> EventBatch.decode(lines))
        .isInstanceOf(WireFormatException.class)
        .hasMessageContaining("the limit is 1000");
  }

  @Test
  void aMillionCharacterFieldIsRefusedNamingItsLimit() {
    String longVersion =
        "[{\"id\":\"e1\",\"project\":\"a/b\",\"version\":\"" + "1.".repeat(MILLION / 2) + "0\"}]";
    String escapes =
        "[{\"id\":\"e1\",\"project\":\"a/b\",\"version\":\"1\",\"error_desc\":\""
            + "\\u0041".repeat(MILLION / 6)
            + "\"}]";
    String digits = "[{\"id\":\"e1\",\"project\":\"a/b\",\"version\":" + "9".repeat(MILLION) + "}]";

    assertThatThrownBy(() -> EventBatch.decode(longVersion))
        .isInstanceOf(WireFormatException.class)
        .hasMessageContaining("events[0].version: must be at most 100 characters, was 1000001");
    assertThatThrownBy(() -> EventBatch.decode(escapes))
        .isInstanceOf(WireFormatException.class)
        .hasMessageContaining("error_desc: must be at most 8192 characters");
    assertThatThrownBy(() -> EventBatch.decode(digits))
        .isInstanceOf(JsonException.class)
        .hasMessageContaining("number out of range");
  }

  @Test
  void aThousandBadLinesReportTwentyProblems() {
    String lines = "{\"id\":\"e1\"}\n".repeat(1000);

    assertThatThrownBy(() -> EventBatch.decode(lines))
        .isInstanceOf(WireFormatException.class)
        .satisfies(e -> assertThat(e.getMessage()).contains("... and "));
  }
}
