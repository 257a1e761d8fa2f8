package dev.upkeep.server.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ByteTextTest {
  @ParameterizedTest
  @CsvSource({
    "1000, 1000",
    "512k, 524288",
    "256m, 268435456",
    "256M, 268435456",
    "256MiB, 268435456",
    "1g, 1073741824",
    "1 GB, 1073741824",
    "2t, 2199023255552",
    "64b, 64"
  })
  void readsTheJvmsSuffixes(String text, long bytes) {
    assertThat(ByteText.parse("size", text)).isEqualTo(bytes);
  }

  @ParameterizedTest
  @CsvSource({"1g, 1073741824", "300m, 314572800", "512k, 524288", "1000, 1000", "0, 0"})
  void writesTheLargestExactUnit(String text, long bytes) {
    assertThat(ByteText.format(bytes)).isEqualTo(text);
  }

  @ParameterizedTest
  @CsvSource({"lots", "-1m", "1.5g", "1x", "''", "9999999999999g"})
  void refusesAnythingElseNamingTheSetting(String text) {
    assertThatThrownBy(() -> ByteText.parse("max-heap-warning", text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("max-heap-warning ");
  }
}
