package dev.upkeep.server.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upkeep.server.ingest.RunStatus;
import dev.upkeep.server.ingest.UsageEvent;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shape of generated usage, on one seeded demo of 200,000 events made in memory. */
class DemoDataTest {
  static final Instant END = Instant.parse("2026-03-01T15:30:00Z");
  static DemoData demo;

  @BeforeAll
  static void generate() {
    demo = new DemoData(11, 200_000, 20, 120, END);
  }

  @Test
  void exactTotalsInsideTheRange() {
    assertThat(demo.events).hasSize(200_000);
    for (ProjectDays p : demo.projects) {
      assertThat(demo.of(p.projectId())).hasSize((int) p.plan().events());
    }
    long first = demo.range.dayMillis(0);
    assertThat(demo.events)
        .allMatch(
            e ->
                e.timestamp().toEpochMilli() >= first
                    && e.timestamp().toEpochMilli() < END.toEpochMilli());
  }

  @Test
  void deterministicForASeed() {
    DemoData again = new DemoData(11, 20_000, 5, 30, END);
    DemoData same = new DemoData(11, 20_000, 5, 30, END);
    DemoData other = new DemoData(12, 20_000, 5, 30, END);
    assertThat(same.events).isEqualTo(again.events);
    assertThat(other.events).isNotEqualTo(again.events);
  }

  @Test
  void adoptionOfAReleaseGrowsWeekByWeekAndTheOldOnesDecay() {
    List<UsageEvent> events = demo.of(1);
    Releases releases = demo.plan(1).releases();
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < releases.size(); i++) {
      index.put(releases.get(i).version(), i);
    }
    int checked = 0;
    for (int i = 1; i < releases.size(); i++) {
      int day = releases.get(i).day();
      if (day < 7 || day > 120 - 42) {
        continue;
      }
      int weeks = (120 - day) / 7;
      double[] atLeast = new double[weeks];
      long[] all = new long[weeks];
      for (UsageEvent e : events) {
        Integer v = index.get(e.version());
        int w = (demo.day(e) - day) / 7;
        if (v == null || demo.day(e) < day || w >= weeks) {
          continue; // a developer's unreleased version, or outside the weeks after the release
        }
        all[w]++;
        atLeast[w] += v >= i ? 1 : 0;
      }
      for (int w = 0; w < weeks; w++) {
        atLeast[w] /= all[w];
      }
      for (int w = 1; w < weeks; w++) {
        assertThat(atLeast[w])
            .as("share of %s or newer in week %d after its release", releases.get(i).version(), w)
            .isGreaterThan(atLeast[w - 1] - 0.04);
      }
      assertThat(atLeast[weeks - 1]).isGreaterThan(atLeast[0] + 0.2);
      checked++;
    }
    assertThat(checked).isPositive();
    // the oldest release in use at the start is used less and less
    String oldest = releases.get(releases.at(0)).version();
    long firstWeeks =
        events.stream().filter(e -> demo.day(e) < 14 && oldest.equals(e.version())).count();
    long lastWeeks =
        events.stream().filter(e -> demo.day(e) >= 106 && oldest.equals(e.version())).count();
    assertThat(lastWeeks).isLessThan(firstWeeks / 2);
  }

  @Test
  void failureShareFollowsThePlanWithLanguageErrorNames() {
    int checked = 0;
    for (ProjectDays p : demo.projects) {
      List<UsageEvent> ends =
          demo.of(p.projectId()).stream().filter(e -> e.status() != RunStatus.R).toList();
      long failed = ends.stream().filter(e -> e.status() == RunStatus.F).count();
      for (UsageEvent e : ends) {
        if (e.status() == RunStatus.F) {
          assertThat(e.errorType()).isNotNull();
          if ("java".equals(p.plan().language())) {
            assertThat(e.errorType()).startsWith("java.");
          } else {
            assertThat(e.errorType())
                .doesNotStartWith("java.")
                .matches("[A-Za-z.]+(Error|Exception)");
          }
        }
      }
      long finished = ends.stream().filter(e -> "breadcrumb".equals(e.kind())).count();
      if (finished >= 3000) {
        double share = (double) failed / finished;
        assertThat(share)
            .as("failure share of %s, planned %.3f", p.plan().name(), p.plan().failureRate())
            .isBetween(p.plan().failureRate() * 0.7, p.plan().failureRate() * 2.5);
        checked++;
      }
    }
    assertThat(checked).isGreaterThanOrEqualTo(2);
  }

  @Test
  void weeklySeasonalityAndCiMix() {
    long[] byDay = new long[7];
    long ci = 0;
    long ciLinux = 0;
    long people = 0;
    long peopleLinux = 0;
    for (UsageEvent e : demo.events) {
      DayOfWeek dow = e.timestamp().atZone(ZoneOffset.UTC).getDayOfWeek();
      byDay[dow.getValue() - 1]++;
      if (e.ci()) {
        ci++;
        ciLinux += "linux".equals(e.platform()) ? 1 : 0;
      } else {
        people++;
        peopleLinux += "linux".equals(e.platform()) ? 1 : 0;
      }
    }
    double weekday = (byDay[0] + byDay[1] + byDay[2] + byDay[3]) / 4.0;
    double weekend = (byDay[5] + byDay[6]) / 2.0;
    assertThat(weekend / weekday).isBetween(0.3, 0.7);
    assertThat((double) ci / demo.events.size()).isBetween(0.03, 0.35);
    assertThat((double) ciLinux / ci).isGreaterThan(0.8);
    assertThat((double) peopleLinux / people).isBetween(0.5, 0.75);
  }

  @Test
  void usersComeAndGo() {
    Map<String, Set<Integer>> days = new HashMap<>();
    for (UsageEvent e : demo.of(1)) {
      if (e.userId() != null) {
        days.computeIfAbsent(e.userId(), u -> new HashSet<>()).add(demo.day(e));
      }
    }
    long once = days.values().stream().filter(s -> s.size() == 1).count();
    long regular = days.values().stream().filter(s -> s.size() >= 20).count();
    assertThat((double) once / days.size()).isBetween(0.2, 0.8);
    assertThat(regular).isPositive();
    // a user keeps its platform
    Map<String, Set<String>> platforms =
        demo.of(1).stream()
            .filter(e -> e.userId() != null && !"report".equals(e.kind()))
            .collect(
                Collectors.groupingBy(
                    UsageEvent::userId,
                    Collectors.mapping(UsageEvent::platform, Collectors.toSet())));
    assertThat(platforms.values()).allMatch(s -> s.size() == 1);
  }

  @Test
  void trackedRunsPairAStartWithOneEnd() {
    Map<String, List<UsageEvent>> bySession =
        demo.events.stream()
            .filter(e -> e.sessionId() != null)
            .collect(Collectors.groupingBy(UsageEvent::sessionId));
    for (List<UsageEvent> run : bySession.values()) {
      assertThat(run.size()).isBetween(1, 2);
      assertThat(run.get(0).status()).isEqualTo(RunStatus.R);
      if (run.size() == 2) {
        assertThat(run.get(1).status()).isIn(RunStatus.C, RunStatus.F, RunStatus.S);
        assertThat(run.get(1).timestamp()).isAfter(run.get(0).timestamp());
        assertThat(run.get(1).userId()).isEqualTo(run.get(0).userId());
      }
    }
  }
}
