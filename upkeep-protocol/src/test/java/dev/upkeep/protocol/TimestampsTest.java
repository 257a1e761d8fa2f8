package dev.upkeep.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TimestampsTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2026-11-21T10:00:00Z",
        "1970-01-01T00:00:00Z",
        "1969-12-31T23:59:59.999999999Z",
        "0001-01-01T00:00:00Z",
        "9999-12-31T23:59:59.999999999Z",
        "2024-02-29T12:34:56.7+14:00",
        "2026-11-21T10:00:00.120-00:00",
        "2026-11-21T10:00:00.000001+17:59",
        "2026-06-30T00:00:00-12:30"
      })
  void fastPathAgreesWithTheJdk(String text) {
    assertThat(Timestamps.parse(text)).isEqualTo(OffsetDateTime.parse(text).toInstant());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2023-02-29T00:00:00Z",
        "2026-13-01T00:00:00Z",
        "2026-00-01T00:00:00Z",
        "2026-11-00T00:00:00Z",
        "2026-11-21T10:60:00Z",
        "2026-11-21T10:00:00+1:00",
        "2026-11-21T10:00:00+01:60",
        "2026-11-21T10:00:00ZZ",
        "+2026-11-21T10:00:00Z",
        ""
      })
  void rejectsInvalidTimestamps(String text) {
    assertThat(Timestamps.parse(text)).isNull();
  }
}
