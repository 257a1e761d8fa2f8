package dev.upkeep.client.internal.update;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VersionCompareTest {
  @ParameterizedTest(name = "{0} newer than {1}: {2}")
  @CsvSource({
    "1.0.0, 1.0.0-rc.1, true",
    "1.0.0-rc.1, 1.0.0, false",
    "1.10, 1.9, true",
    "1.9, 1.10, false",
    "1.0, 1.0.0, false",
    "1.0.0, 1.0, false",
    "1.0, 1.0-SNAPSHOT, true",
    "1.0-SNAPSHOT, 1.0, false",
    "1.0.0+build.2, 1.0.0+build.1, false",
    "v2.0.0, 1.9.9, true",
    "2.0.0, v2.0.0, false",
    "1.2.3, 1.2.3, false",
    "10.0, 9.99.99, true",
    "latest, 1.0, false",
    "1.0, main, false"
  })
  void newer(String candidate, String current, boolean expected) {
    assertThat(VersionCompare.newer(candidate, current)).isEqualTo(expected);
  }
}
