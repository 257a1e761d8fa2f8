package dev.upkeep.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class VersionExpressionTest {
  static final List<String> VERSIONS =
      List.of(
          "0.0.3",
          "0.0.4",
          "0.1.0",
          "0.1.3",
          "0.1.5",
          "0.2.0",
          "0.2.3",
          "0.9.9+build.7",
          "0.9.9+build.8",
          "1.0.0-alpha",
          "1.0.0-rc.1",
          "1.0.0-rc.2",
          "1.0.0",
          "1.1.0-beta",
          "1.2.0",
          "2.0.0-rc.1",
          "2.0.0");

  static Stream<Arguments> expressions() {
    return Stream.of(
        Arguments.of(
            ">=0.1.0",
            "0.1.0 0.1.3 0.1.5 0.2.0 0.2.3 0.9.9+build.7 0.9.9+build.8 1.0.0 1.2.0 2.0.0"),
        Arguments.of("<0.2.0", "0.0.3 0.0.4 0.1.0 0.1.3 0.1.5"),
        Arguments.of("<=0.1.3", "0.0.3 0.0.4 0.1.0 0.1.3"),
        Arguments.of(">1.0.0", "1.2.0 2.0.0"),
        Arguments.of("==0.1.3", "0.1.3"),
        Arguments.of("0.1.3", "0.1.3"),
        Arguments.of("==0.9.9", "0.9.9+build.7 0.9.9+build.8"),
        Arguments.of("==0.9.9+build.8", "0.9.9+build.8"),
        Arguments.of("!=0.9.9+build.7, >=0.9.0, <1.0.0", "0.9.9+build.8"),
        Arguments.of(">=0.1.0, <0.2.0, !=0.1.3", "0.1.0 0.1.5"),
        Arguments.of("<0.2.0,>=0.1.0", "0.1.0 0.1.3 0.1.5"),
        Arguments.of("  <  0.2.0 ,  >= 0.1.0 ", "0.1.0 0.1.3 0.1.5"),
        Arguments.of("^0.1.0", "0.1.0 0.1.3 0.1.5"),
        Arguments.of("^0.0.3", "0.0.3"),
        Arguments.of("^1.0.0", "1.0.0 1.2.0"),
        Arguments.of("~0.2.0", "0.2.0 0.2.3"),
        Arguments.of("~1.0.0", "1.0.0"),
        Arguments.of(">=1.0.0-rc.1", "1.0.0-rc.1 1.0.0-rc.2 1.0.0 1.2.0 2.0.0"),
        Arguments.of(">=1.0.0-alpha, <1.0.0", "1.0.0-alpha 1.0.0-rc.1 1.0.0-rc.2"),
        Arguments.of("^2.0.0-rc.1", "2.0.0-rc.1 2.0.0"),
        Arguments.of(
            ">=0.0.0",
            "0.0.3 0.0.4 0.1.0 0.1.3 0.1.5 0.2.0 0.2.3 0.9.9+build.7 0.9.9+build.8 1.0.0 1.2.0 2.0.0"),
        Arguments.of(
            "",
            "0.0.3 0.0.4 0.1.0 0.1.3 0.1.5 0.2.0 0.2.3 0.9.9+build.7 0.9.9+build.8 1.0.0 1.2.0 2.0.0"),
        Arguments.of(
            "!=1.0.0",
            "0.0.3 0.0.4 0.1.0 0.1.3 0.1.5 0.2.0 0.2.3 0.9.9+build.7 0.9.9+build.8 1.2.0 2.0.0"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("expressions")
  void matchesExactlyTheseVersions(String expression, String expected) {
    VersionExpression e = VersionExpression.parse(expression);

    List<String> matched =
        VERSIONS.stream().map(ReleaseVersion::of).filter(e::matches).map(String::valueOf).toList();

    assertThat(String.join(" ", matched)).isEqualTo(expected);
  }

  @Test
  void writesRmellipsesSpelling() {
    assertThat(VersionExpression.parse(" >= 0.1.0,<0.2.0").toString()).isEqualTo(">=0.1.0, <0.2.0");
    assertThat(VersionExpression.parse("=1.0.0").toString()).isEqualTo("==1.0.0");
    assertThat(VersionExpression.parse("*").isAny()).isTrue();
  }

  @Test
  void refusesWhatItCannotRead() {
    assertThatThrownBy(() -> VersionExpression.parse(">=0.1"))
        .hasMessageContaining("'>=0.1' is not an operator");
    assertThatThrownBy(() -> VersionExpression.parse(">=0.1.0,,<1.0.0"))
        .hasMessageContaining("empty comparator");
    assertThatThrownBy(() -> VersionExpression.parse("=>1.0.0")).hasMessageContaining("=>1.0.0");
    assertThatThrownBy(() -> VersionExpression.parse(">=v1.0.0")).hasMessageContaining("v1.0.0");
  }
}
