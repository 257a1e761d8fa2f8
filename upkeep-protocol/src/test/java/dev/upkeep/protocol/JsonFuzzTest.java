package dev.upkeep.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzz test of the client's and the protocol's JSON codec (docs/fuzzing.md).
 *
 * <p>Contract: {@link Json#parse(CharSequence)} returns a value or throws {@link JsonException},
 * nothing else; a parsed value written by {@link Json#write(Object)} parses back to an equal value,
 * and writing that gives the same text.
 */
class JsonFuzzTest {

  @FuzzTest(maxDuration = "5m")
  @Timeout(10)
  void parse(byte[] text) {
    Object value;
    try {
      value = Json.parse(new String(text, StandardCharsets.UTF_8));
    } catch (JsonException expected) {
      assertThat(expected.getMessage()).isNotBlank();
      return;
    }
    String written = Json.write(value);
    Object reread = Json.parse(written);
    assertThat(reread).isEqualTo(value);
    assertThat(Json.write(reread)).isEqualTo(written);
  }
}
