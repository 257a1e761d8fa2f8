package dev.upkeep.cli.term;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Colour only on a terminal, never with a non-empty NO_COLOR or TERM=dumb (no-color.org). */
class ColourTest {
  @Test
  void onATerminalWithNothingSaid() {
    assertThat(Colour.enabled(Map.of(), true)).isTrue();
    assertThat(Colour.enabled(Map.of("TERM", "xterm-256color"), true)).isTrue();
  }

  @Test
  void neverWithoutATerminal() {
    assertThat(Colour.enabled(Map.of(), false)).isFalse();
    assertThat(Colour.enabled(Map.of("TERM", "xterm-256color"), false)).isFalse();
  }

  @Test
  void anyNonEmptyNoColorTurnsItOff() {
    assertThat(Colour.enabled(Map.of("NO_COLOR", "1"), true)).isFalse();
    assertThat(Colour.enabled(Map.of("NO_COLOR", "0"), true)).isFalse();
    assertThat(Colour.enabled(Map.of("NO_COLOR", "false"), true)).isFalse();
    assertThat(Colour.enabled(Map.of("NO_COLOR", " "), true)).isFalse();
  }

  @Test
  void anEmptyNoColorIsAsIfUnset() {
    assertThat(Colour.enabled(Map.of("NO_COLOR", ""), true)).isTrue();
  }

  @Test
  void aDumbTerminalGetsNone() {
    assertThat(Colour.enabled(Map.of("TERM", "dumb"), true)).isFalse();
  }
}
