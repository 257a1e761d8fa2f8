package dev.upkeep.server.demo;

import java.time.LocalDate;
import java.util.SplittableRandom;

/**
 * What one demo project is like, drawn once from the demo's seed and the project's index.
 *
 * @param index rank by size, 0 for the biggest
 * @param name {@code owner/name}
 * @param events events it gets in total
 * @param language {@code python} (70 %) or {@code java}
 * @param startDay first day with usage (0 for projects older than the demo's range)
 * @param growth how its daily usage changes over the range
 * @param ciShare share of its runs made by CI runners (3 to 35 %)
 * @param devShare share of its runs made by its developers, on unreleased versions (2 to 5 %)
 * @param trackedShare share of runs reported as tracked runs (start and end) rather than one
 *     breadcrumb; 0 for a quarter of projects (migas breadcrumbs only)
 * @param reportShare share of runs that send a usagestats report instead (some Python projects)
 * @param failureRate share of ended runs that fail (median 5 %, 0.5 to 30 %)
 * @param suspendRate share of ended runs stopped by a signal (0.3 to 2 %)
 * @param newUserRatio new users per event (4 to 15 %): each new user's first run is on its first
 *     day
 * @param runSeconds median duration of a tracked run in seconds (log-normal, 2 s to 4 h)
 * @param lagDays mean days a person waits before upgrading (10 to 60; CI upgrades within days)
 * @param pinnedShare share of people who never upgrade (3 to 15 %)
 * @param releases its release history
 */
record ProjectPlan(
    int index,
    String name,
    long events,
    String language,
    int startDay,
    Growth growth,
    double ciShare,
    double devShare,
    double trackedShare,
    double reportShare,
    double failureRate,
    double suspendRate,
    double newUserRatio,
    double runSeconds,
    double lagDays,
    double pinnedShare,
    Releases releases) {

  /** Share of tracked runs whose end never arrives (killed, offline): {@value}. */
  static final double LOST_END_SHARE = 0.015;

  /** Draws the plan of project {@code index} for a demo of {@code days} days from {@code first}. */
  static ProjectPlan draw(
      SplittableRandom r, int index, String name, long events, int days, LocalDate first) {
    String language = r.nextDouble() < 0.7 ? "python" : "java";
    int startDay = index < 3 || r.nextDouble() < 0.5 ? 0 : r.nextInt(Math.max(1, days * 7 / 10));
    Growth growth = Growth.draw(r, startDay, days);
    double trackedShare = r.nextDouble() < 0.25 ? 0 : Draw.uniform(r, 0.3, 0.95);
    double reportShare =
        "python".equals(language) && r.nextDouble() < 0.2 ? Draw.uniform(r, 0.05, 0.3) : 0;
    double failureRate = clamp(Draw.lognormal(r, 0.05, 0.6), 0.005, 0.3);
    double cadence = index < 5 ? Draw.uniform(r, 10, 45) : Draw.uniform(r, 20, 120);
    boolean calendar = "python".equals(language) && r.nextDouble() < 0.2;
    return new ProjectPlan(
        index,
        name,
        events,
        language,
        startDay,
        growth,
        Draw.uniform(r, 0.03, 0.35),
        Draw.uniform(r, 0.02, 0.05),
        trackedShare,
        reportShare,
        failureRate,
        Draw.uniform(r, 0.003, 0.02),
        Draw.uniform(r, 0.04, 0.15),
        clamp(Draw.lognormal(r, 60, 1.5), 2, 14_400),
        Draw.uniform(r, 10, 60),
        Draw.uniform(r, 0.03, 0.15),
        Releases.draw(r, first, days - 1, calendar, cadence));
  }

  private static double clamp(double v, double lo, double hi) {
    return Math.max(lo, Math.min(hi, v));
  }
}
