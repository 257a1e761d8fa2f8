package dev.upkeep.server.demo;

import java.util.ArrayList;
import java.util.List;

/** The plans of every project of a demo, biggest first, from its seed alone. */
final class Plans {
  private Plans() {}

  /**
   * Draws {@code projects} plans whose events add up to {@code events}.
   *
   * @throws IllegalArgumentException if {@code events < projects}
   */
  static List<ProjectPlan> draw(long seed, long events, int projects, Range range) {
    long[] sizes = Sizes.of(events, projects, Draw.stream(seed, 1));
    ProjectNames names = new ProjectNames(Draw.stream(seed, 2));
    List<ProjectPlan> plans = new ArrayList<>(projects);
    for (int i = 0; i < projects; i++) {
      plans.add(
          ProjectPlan.draw(
              Draw.stream(seed, 3, i), i, names.next(), sizes[i], range.days(), range.first()));
    }
    return plans;
  }
}
