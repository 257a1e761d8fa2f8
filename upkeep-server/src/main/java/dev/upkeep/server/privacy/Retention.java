package dev.upkeep.server.privacy;

import dev.upkeep.server.store.PrivacyStore;
import dev.upkeep.server.store.Project;
import dev.upkeep.server.store.ProjectStore;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each project's events only as long as its retention says: its own ({@link
 * Project#retentionDays()}) or, when it has none, the collector's {@code retention}. {@link #run}
 * prunes every project's whole UTC days that lie entirely before now minus its retention ({@link
 * PrivacyStore#prune}), so an event is deleted within a day after it becomes older than the limit.
 * Run hourly by the collector's maintenance, and by hand with {@code upkeep store prune}.
 * Thread-safe.
 */
public final class Retention {
  private static final Logger LOG = LoggerFactory.getLogger(Retention.class);

  private final ProjectStore projects;
  private final PrivacyStore privacy;
  private final int defaultDays;

  /**
   * @param defaultDays the collector's retention in days, 0 for off
   */
  public Retention(ProjectStore projects, PrivacyStore privacy, int defaultDays) {
    this.projects = projects;
    this.privacy = privacy;
    this.defaultDays = defaultDays;
  }

  /** The days after which a project's events are deleted, or empty when they are kept for ever. */
  public OptionalInt daysOf(Project project) {
    int days = project.retentionDays() == null ? defaultDays : project.retentionDays();
    return days == 0 ? OptionalInt.empty() : OptionalInt.of(days);
  }

  /**
   * Prunes every project with a retention, as of {@code now}.
   *
   * @return the events deleted
   */
  public long run(Instant now) {
    long deleted = 0;
    for (Project p : projects.list()) {
      OptionalInt days = daysOf(p);
      if (days.isEmpty()) {
        continue;
      }
      int before =
          (int)
              LocalDate.ofInstant(
                      now.minus(java.time.Duration.ofDays(days.getAsInt())), ZoneOffset.UTC)
                  .toEpochDay();
      PrivacyStore.Pruned pruned = privacy.prune(p.id(), before);
      if (pruned.events() > 0 || pruned.users() > 0) {
        LOG.info(
            "retention of {} ({} days): deleted {} events before {} and {} users left without one",
            p.name(),
            days.getAsInt(),
            pruned.events(),
            LocalDate.ofEpochDay(before),
            pruned.users());
      }
      deleted += pruned.events();
    }
    return deleted;
  }
}
