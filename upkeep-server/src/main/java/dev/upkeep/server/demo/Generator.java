package dev.upkeep.server.demo;

import dev.upkeep.server.ingest.EventWriter;
import dev.upkeep.server.ingest.UsageEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Makes every project's events day by day and hands them to a writer in batches of {@code
 * batchSize}, each day's events of all projects in time order, as a collector would have received
 * them. Not thread-safe; one run per instance.
 */
final class Generator {
  private static final Comparator<UsageEvent> BY_TIME = Comparator.comparing(UsageEvent::timestamp);

  private final List<ProjectDays> projects;
  private final int days;
  private final int batchSize;

  Generator(List<ProjectDays> projects, int days, int batchSize) {
    this.projects = projects;
    this.days = days;
    this.batchSize = batchSize;
  }

  /**
   * Writes every event; returns how many.
   *
   * @throws Exception what the writer throws
   */
  long run(EventWriter writer) throws Exception {
    List<UsageEvent> day = new ArrayList<>();
    List<UsageEvent> batch = new ArrayList<>(batchSize);
    long total = 0;
    for (int d = 0; d < days; d++) {
      day.clear();
      for (ProjectDays p : projects) {
        p.day(d, day);
      }
      day.sort(BY_TIME);
      for (UsageEvent e : day) {
        batch.add(e);
        if (batch.size() == batchSize) {
          writer.append(batch);
          total += batch.size();
          batch = new ArrayList<>(batchSize);
        }
      }
    }
    if (!batch.isEmpty()) {
      writer.append(batch);
      total += batch.size();
    }
    return total;
  }
}
