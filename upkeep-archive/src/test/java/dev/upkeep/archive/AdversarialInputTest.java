package dev.upkeep.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 14 item 1 for the archive's parsers: inputs built to make a parser quadratic, deep or
 * exponential are refused with an error naming the limit. The timeouts only keep a regression from
 * hanging the build; they assert nothing about speed.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class AdversarialInputTest {
  static final int MILLION = 1_000_000;

  @Test
  void aVersionOfAMillionCharactersIsRefusedNamingTheLimit() {
    String longPreRelease = "1.0.0-" + "a.".repeat(MILLION / 2) + "a";
    String longNumber = "1".repeat(MILLION) + ".0.0";

    assertThat(ReleaseVersion.parse(longPreRelease)).isEmpty();
    assertThat(ReleaseVersion.parse(longNumber)).isEmpty();
    assertThatThrownBy(() -> ReleaseVersion.of(longPreRelease))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1000007 characters long; a version has at most 256");
  }

  @Test
  void aVersionJustUnderTheLimitWithManyIdentifiersStillParses() {
    String many = "1.0.0-" + "a.".repeat(124) + "a";
    assertThat(many.length()).isLessThanOrEqualTo(ReleaseVersion.MAX_LENGTH);

    assertThat(ReleaseVersion.parse(many)).isPresent();
  }

  @Test
  void anExpressionOfAMillionCharactersIsRefusedNamingTheLimit() {
    String commas = ">=1.0.0" + ",>=1.0.0".repeat(MILLION / 8);
    String blanks = ">=" + " ".repeat(MILLION) + "1.0.0";

    assertThatThrownBy(() -> VersionExpression.parse(commas))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("an expression has at most 1024");
    assertThatThrownBy(() -> VersionExpression.parse(blanks))
        .hasMessageContaining("an expression has at most 1024");
  }

  @Test
  void aYamlBillionLaughsIsRefusedByTheAliasLimit() {
    StringBuilder y = new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (int i = 1; i <= 9; i++) {
      y.append("a").append(i).append(": &a").append(i).append(" [");
      for (int j = 0; j < 9; j++) {
        y.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
      }
      y.append("]\n");
    }

    assertThatThrownBy(() -> RecordYaml.parse(new StringReader(y.toString()), "laughs.yaml"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("laughs.yaml: not valid YAML")
        .hasMessageContaining("aliases");
  }

  @Test
  void aChainOfDoublingAliasesUnderTheAliasLimitDoesNotExplodeARecord() {
    // 40 aliases, each list twice the one before: 2^40 leaves if anything walked it as a tree.
    StringBuilder y = new StringBuilder("d0: &d0 [x, x]\n");
    for (int i = 1; i <= 20; i++) {
      y.append("d").append(i).append(": &d").append(i);
      y.append(" [*d").append(i - 1).append(", *d").append(i - 1).append("]\n");
    }
    y.append("version: 1.0.0\nfiles: *d20\n");
    byte[] bytes = y.toString().getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(
            () -> RecordYaml.read(new ByteArrayInputStream(bytes), "ws", "doubling.yaml"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("doubling.yaml");
  }

  @Test
  void aMillionNestedBracketsAreRefusedByTheDepthLimit() {
    String deep = "[".repeat(MILLION) + "]".repeat(MILLION);
    String deepMaps = "{a: ".repeat(MILLION) + "}".repeat(MILLION);

    assertThatThrownBy(() -> RecordYaml.parse(new StringReader(deep), "deep.yaml"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("deep.yaml: not valid YAML")
        .hasMessageContaining("Nesting Depth exceeded max " + RecordYaml.MAX_DEPTH);
    assertThatThrownBy(() -> RecordYaml.parse(new StringReader(deepMaps), "deep.yaml"))
        .hasMessageContaining("Nesting Depth exceeded max " + RecordYaml.MAX_DEPTH);
  }

  @Test
  void aMillionBlankLinesAndALongScalarAreReadOnce() {
    String blanks = "\n".repeat(MILLION) + "k: " + "v".repeat(MILLION) + "\n";

    Object parsed = RecordYaml.parse(new StringReader(blanks), "blank.yaml");

    assertThat(parsed).asString().hasSizeGreaterThan(MILLION);
  }
}
