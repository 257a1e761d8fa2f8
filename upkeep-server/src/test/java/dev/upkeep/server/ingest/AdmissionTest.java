package dev.upkeep.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.upkeep.server.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The limits counted in events, on a clock the test moves. */
class AdmissionTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T23:59:00Z"));

  @Test
  void aRequestLargerThanTheLimitIsTakenOnceThenTheClientWaitsOutItsDebt() {
    Admission admission =
        Admission.inMemory(new IngestLimits(100, 0, 0, Duration.ofSeconds(60)), clock);

    admission.admit("a", events(1, 1_000));

    assertThatThrownBy(() -> admission.admit("a", events(1, 1)))
        .isInstanceOfSatisfying(
            IngestLimitException.class,
            // 900 events of debt plus one at 100 a minute: 541 s.
            e -> assertThat(e.retryAfterSeconds()).isEqualTo(541));
    clock.advance(Duration.ofSeconds(539));
    assertThatThrownBy(() -> admission.admit("a", events(1, 1)))
        .isInstanceOf(IngestLimitException.class);
    clock.advance(Duration.ofSeconds(2));
    assertThatCode(() -> admission.admit("a", events(1, 1))).doesNotThrowAnyException();
    // Another address was never limited by a's debt.
    assertThatCode(() -> admission.admit("b", events(1, 100))).doesNotThrowAnyException();
  }

  @Test
  void projectLimitCountsEveryClientAndRefusesOnlyThatProject() {
    Admission admission =
        Admission.inMemory(new IngestLimits(0, 50, 0, Duration.ofSeconds(60)), clock);
    for (int client = 0; client < 5; client++) {
      admission.admit("10.0.0." + client, events(7, 10));
    }
    assertThatThrownBy(() -> admission.admit("10.0.0.9", events(7, 1)))
        .isInstanceOfSatisfying(
            IngestLimitException.class, e -> assertThat(e.reason()).isEqualTo("project_limit"))
        .hasMessageContaining("project-event-limit");
    assertThatCode(() -> admission.admit("10.0.0.9", events(8, 1))).doesNotThrowAnyException();
  }

  @Test
  void dailyCapRefusesUntilMidnightUtcAndARefusedRequestTakesNothing() {
    Admission admission =
        Admission.inMemory(new IngestLimits(1_000, 0, 30, Duration.ofSeconds(60)), clock);
    admission.admit("a", events(1, 25));

    assertThatThrownBy(() -> admission.admit("a", events(1, 10)))
        .isInstanceOfSatisfying(
            IngestLimitException.class,
            e -> {
              assertThat(e.reason()).isEqualTo("daily_cap");
              assertThat(e.retryAfterSeconds()).isEqualTo(60);
            })
        .hasMessageContaining("cap of 30 events for 2026-12-06")
        .hasMessageContaining("max-events-per-project-day");
    // The refused 10 were given back: 5 more still fit today, from the client's budget too.
    admission.admit("a", events(1, 5));
    assertThatThrownBy(() -> admission.admit("a", events(1, 1)))
        .isInstanceOf(IngestLimitException.class);

    clock.advance(Duration.ofMinutes(1));
    assertThatCode(() -> admission.admit("a", events(1, 30))).doesNotThrowAnyException();
  }

  @Test
  void aBatchOverSeveralProjectsIsRefusedWholeAndTakesNothing() {
    Admission admission =
        Admission.inMemory(new IngestLimits(0, 0, 10, Duration.ofSeconds(60)), clock);
    admission.admit("a", events(2, 8));
    List<UsageEvent> mixed = new ArrayList<>(events(1, 10));
    mixed.addAll(events(2, 5));

    assertThatThrownBy(() -> admission.admit("a", mixed)).isInstanceOf(IngestLimitException.class);

    // Project 1 kept its whole day: the refused batch took nothing from it.
    assertThatCode(() -> admission.admit("a", events(1, 10))).doesNotThrowAnyException();
  }

  @Test
  void offTakesEverything() {
    Admission admission = Admission.inMemory(IngestLimits.OFF, clock);
    for (int i = 0; i < 100; i++) {
      admission.admit("a", events(1, 10_000));
    }
  }

  @Test
  void limitsAreValidated() {
    assertThatThrownBy(() -> new IngestLimits(-1, 0, 0, Duration.ofSeconds(60)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0 (off) or positive");
    assertThatThrownBy(() -> new IngestLimits(1, 1, 1, Duration.ofMillis(10)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 1 s");
  }

  private static List<UsageEvent> events(long project, int n) {
    List<UsageEvent> events = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      events.add(IngestPipelineTest.eventBuilder("e" + i).projectId(project).build());
    }
    return events;
  }
}
