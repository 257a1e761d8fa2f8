package dev.upkeep.archive;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What reading a broken release record answers. */
class RecordYamlErrorsTest {

  /**
   * Found by RecordYamlFuzzTest (crash-bcf1ccf9…): SnakeYAML's NumberFormatException for a bad
   * {@code \x} escape escaped unwrapped, its message naming neither the record nor the problem.
   */
  @Test
  void aBadHexEscapeNamesTheRecord() {
    byte[] yaml = "project:\n  \"caf\\x\": {}\n".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(
            () -> RecordYaml.read(new ByteArrayInputStream(yaml), Workspace.DEFAULT, "r.yml"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("r.yml: not a release record: ");
  }
}
