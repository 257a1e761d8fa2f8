package dev.upkeep.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class WatchBuilderTest {

  @Test
  void defaults() {
    Watch w = Watch.builder().path(Path.of("notes.txt")).script("./count.sh").build();
    assertThat(w.interval()).isEqualTo(Duration.ofSeconds(5)).isEqualTo(Watch.DEFAULT_INTERVAL);
    assertThat(w.debounce()).isEqualTo(Duration.ofMillis(50));
    assertThat(w.detection()).isEqualTo(Detection.NATIVE);
    assertThat(w.arguments()).isEmpty();
    assertThat(w.include()).isEmpty();
    assertThat(w.exclude()).isEmpty();
    assertThat(w.shell()).isFalse();
    assertThat(w.stopOnError()).isFalse();
    assertThat(w.runAtStart()).isFalse();
    assertThat(w.stateFile()).isEmpty();
  }

  @Test
  void reportsEveryMissingOrInvalidSettingAtOnce() {
    assertThatThrownBy(
            () -> Watch.builder().interval(Duration.ZERO).debounce(Duration.ofMillis(-1)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "path is required; script is required; interval must be positive, was PT0S;"
                + " debounce must be zero or more, was PT-0.001S");
  }

  @Test
  void anInvalidGlobIsNamed() {
    assertThatThrownBy(() -> Watch.builder().include("src/[a"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("include glob \"src/[a\" is invalid: ");
  }

  @Test
  void argumentsAreCopied() {
    List<String> args = new java.util.ArrayList<>(List.of("0"));
    Watch w = Watch.builder().path(Path.of("f")).script("s").arguments(args).build();
    args.add("1");
    assertThat(w.arguments()).containsExactly("0");
  }
}
