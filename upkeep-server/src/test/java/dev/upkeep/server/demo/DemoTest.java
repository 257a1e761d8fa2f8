package dev.upkeep.server.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class DemoTest {
  @Test
  void everySettingOutOfRangeInOneMessage() {
    assertThatThrownBy(() -> Demo.builder().projects(0).days(0).batchSize(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "projects must be 1 to 100000, was 0; events must be given and not negative, was -1;"
                + " days must be 1 to 3650, was 0; batchSize must be 1 to 1000000, was 0");
    assertThatThrownBy(() -> Demo.builder().events(10).projects(11).build())
        .hasMessage("events must be at least projects (11: one each), was 10");
  }

  @Test
  void endDefaultsToTheClockToTheMinute() {
    Clock clock = Clock.fixed(Instant.parse("2026-05-04T10:11:12.5Z"), ZoneOffset.UTC);
    assertThat(Demo.builder().events(100).clock(clock).build().end())
        .isEqualTo(Instant.parse("2026-05-04T10:11:00Z"));
  }

  @Test
  void rangeEndsWithAPartialDay() {
    Range r = Range.ending(Instant.parse("2026-05-04T06:00:00Z"), 3);
    assertThat(r.first()).hasToString("2026-05-02");
    assertThat(r.lastDayFraction()).isEqualTo(0.25);
    Range whole = Range.ending(Instant.parse("2026-05-04T00:00:00Z"), 3);
    assertThat(whole.first()).hasToString("2026-05-01");
    assertThat(whole.lastDayFraction()).isEqualTo(1.0);
  }
}
