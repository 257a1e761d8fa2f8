package dev.upkeep.server.demo;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A demo project's release history, oldest first: the first release some months before the demo's
 * first day, then one every {@code cadence} days on average (exponential gaps of at least 2 days),
 * mostly patch releases, some minor, few major; SemVer ({@code 1.4.2}) or calendar versions ({@code
 * 24.1.0}, as nipreps number theirs). About {@value #FLAG_SHARE} of releases turn out bad: they are
 * flagged with a reason and a patch release follows within 1 to 6 days as their replacement
 * (flagged without one if the fix would come after the last day). Immutable.
 */
final class Releases {
  /** Share of releases that get flagged: {@value}. */
  static final double FLAG_SHARE = 0.06;

  private static final String[] REASONS = {
    "Corrupts output files when the disk fills up during a run.",
    "Crashes at startup with Python 3.12 (a plugin fails to import).",
    "Wrong results for inputs with more than 2^31 rows.",
    "Security: bundles a dependency with a known remote code execution flaw.",
    "Deletes the working directory after a failed run.",
    "Memory leak in runs longer than an hour.",
    "Cannot read configuration files written by earlier versions.",
    "Writes timestamps in local time instead of UTC.",
  };

  private final List<Release> list;
  private final int[] days;

  private Releases(List<Release> list) {
    this.list = List.copyOf(list);
    this.days = list.stream().mapToInt(Release::day).toArray();
  }

  /**
   * Draws a history that runs until {@code lastDay} (inclusive).
   *
   * @param first the calendar date of day 0 (for calendar versions)
   * @param calendar calendar versions instead of SemVer
   * @param cadence mean days between releases
   */
  static Releases draw(
      SplittableRandom rng, LocalDate first, int lastDay, boolean calendar, double cadence) {
    List<Release> out = new ArrayList<>();
    int day = -(int) Math.round(Draw.uniform(rng, 60, 400));
    int year = first.plusDays(day).getYear() % 100;
    int major = calendar ? year : pickMajor(rng);
    int minor = rng.nextInt(calendar ? 3 : 8);
    int patch = calendar ? 0 : rng.nextInt(4);
    while (day <= lastDay) {
      String version = major + "." + minor + "." + patch;
      if (out.size() > 0 && rng.nextDouble() < FLAG_SHARE) {
        String reason = REASONS[rng.nextInt(REASONS.length)];
        int fixDay = day + 1 + rng.nextInt(6);
        String fix = major + "." + minor + "." + (patch + 1);
        if (fixDay > lastDay) {
          out.add(new Release(version, day, reason, null));
          break;
        }
        out.add(new Release(version, day, reason, fix));
        day = fixDay;
        patch++;
        version = fix;
      }
      out.add(new Release(version, day, null, null));
      day += Math.max(2, (int) Math.round(Draw.exponential(rng, cadence)));
      double r = rng.nextDouble();
      if (calendar) {
        int y = first.plusDays(day).getYear() % 100;
        if (y != major) {
          major = y;
          minor = 0;
          patch = 0;
        } else if (r < 0.7) {
          patch++;
        } else {
          minor++;
          patch = 0;
        }
      } else if (r < 0.65) {
        patch++;
      } else if (r < 0.95 || major == 0 && r < 0.99) {
        minor++;
        patch = 0;
      } else {
        major++;
        minor = 0;
        patch = 0;
      }
    }
    return new Releases(out);
  }

  private static int pickMajor(SplittableRandom rng) {
    double r = rng.nextDouble();
    return r < 0.35 ? 0 : r < 0.75 ? 1 : r < 0.95 ? 2 : 3 + rng.nextInt(3);
  }

  /** Every release, oldest first. */
  List<Release> all() {
    return list;
  }

  int size() {
    return list.size();
  }

  Release get(int index) {
    return list.get(index);
  }

  /** Index of the newest release out on {@code day} (0 when the day is before the first). */
  int at(int day) {
    int i = Arrays.binarySearch(days, day);
    if (i < 0) {
      i = -i - 2;
    } else {
      while (i + 1 < days.length && days[i + 1] == day) {
        i++;
      }
    }
    return Math.max(0, i);
  }
}
