package dev.upkeep.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTreeTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{}",
        "[]",
        "{\"latest\":\"2.1.0\",\"flagged\":false,\"message\":\"\"}",
        "{\"a\":[1,-2,3000000000,123456789012345678901234567890,1.5,-0.0,1e300],\"b\":null}",
        "{\"nested\":{\"deep\":[{\"x\":true},[],{}]},\"s\":\"caf\\u00e9 \\\"q\\\" \\n ✓\"}",
        "\"just a string\"",
        "42",
        "[{\"day\":\"2026-01-01\",\"users\":3},{\"day\":\"2026-01-02\",\"users\":0}]"
      })
  void readsTheSameTreeAsObjectMapper(String text) throws IOException {
    assertThat(JsonTree.read(text)).isEqualTo(MAPPER.readTree(text));
  }

  @Test
  void numbersKeepTheirKind() throws IOException {
    assertThat(JsonTree.read("[1,3000000000,1.5]").get(0).isInt()).isTrue();
    assertThat(JsonTree.read("[1,3000000000,1.5]").get(1).isLong()).isTrue();
    assertThat(JsonTree.read("[1,3000000000,1.5]").get(2).isDouble()).isTrue();
  }

  @Test
  void malformedTextIsRefusedNamingWhere() {
    assertThatThrownBy(() -> JsonTree.read("{\"a\":")).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> JsonTree.read("<html>Bad gateway</html>"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("line: 1");
    assertThatThrownBy(() -> JsonTree.read("{} {}"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("text after the JSON value");
    assertThatThrownBy(() -> JsonTree.read("   ")).isInstanceOf(IOException.class);
  }
}
