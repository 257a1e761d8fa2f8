package dev.upkeep.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 14 item 1 for every Jackson-read body (migas REST and GraphQL, otumat, the admin API): a
 * million nested brackets, a million-digit number and long names stop at {@link JsonLimits}, and
 * the message names the limit without Jackson's internals.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class JsonLimitsTest {
  static final int MILLION = 1_000_000;
  final ObjectMapper json = JsonLimits.mapper();

  String refusal(String body) {
    try {
      json.readTree(body);
    } catch (JsonProcessingException e) {
      return JsonLimits.describe(e);
    }
    throw new AssertionError("accepted");
  }

  @Test
  void aMillionNestedBracketsStopAtTheDepthLimit() {
    assertThat(refusal("[".repeat(MILLION) + "]".repeat(MILLION)))
        .isEqualTo("Document nesting depth (65) exceeds the maximum allowed (64)");
    assertThat(refusal("{\"rows\":".repeat(MILLION) + "1" + "}".repeat(MILLION)))
        .isEqualTo("Document nesting depth (65) exceeds the maximum allowed (64)");
  }

  @Test
  void longNumbersAndNamesStopAtTheirLimits() {
    assertThat(refusal("[" + "9".repeat(MILLION) + "]"))
        .startsWith("Number value length")
        .contains("exceeds the maximum allowed (100)")
        .doesNotContain("StreamReadConstraints");
    assertThat(refusal("{\"" + "k".repeat(MILLION) + "\":1}"))
        .contains("exceeds the maximum allowed (1024)")
        .doesNotContain("StreamReadConstraints");
  }

  @Test
  void depthSixtyFourIsRead() throws Exception {
    assertThat(json.readTree("[".repeat(64) + "]".repeat(64))).isNotNull();
  }

  @Test
  void trailingTokensAreRefused() {
    assertThatThrownBy(() -> json.readTree("{} {}")).isInstanceOf(JsonProcessingException.class);
  }
}
