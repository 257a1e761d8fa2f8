package dev.upkeep.server.demo;

import dev.upkeep.server.ingest.UsageEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A demo generated in memory, as {@link Demo#fill} makes it, with project ids 1, 2, ... */
final class DemoData {
  final Range range;
  final List<ProjectDays> projects = new ArrayList<>();
  final List<UsageEvent> events = new ArrayList<>();

  DemoData(long seed, long events, int projects, int days, Instant end) {
    range = Range.ending(end, days);
    for (ProjectPlan plan : Plans.draw(seed, events, projects, range)) {
      this.projects.add(new ProjectDays(plan, plan.index() + 1, range, seed));
    }
    try {
      new Generator(this.projects, days, 5_000)
          .run(
              batch -> {
                this.events.addAll(batch);
                return new int[0];
              });
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  ProjectPlan plan(long projectId) {
    return projects.get((int) projectId - 1).plan();
  }

  /** The events of one project. */
  List<UsageEvent> of(long projectId) {
    return events.stream().filter(e -> e.projectId() == projectId).toList();
  }

  /** Day index of an event. */
  int day(UsageEvent e) {
    return (int) (e.timestamp().toEpochMilli() / Range.DAY_MS - range.first().toEpochDay());
  }
}
