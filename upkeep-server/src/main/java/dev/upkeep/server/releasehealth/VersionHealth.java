package dev.upkeep.server.releasehealth;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * The health of one version of a project over a {@link ReleaseHealth}'s window. Immutable.
 *
 * @param version the version as the events name it
 * @param rate its finished and failed runs over the window, with the failure rate's interval
 * @param previous the release before it (by the project's version scheme; a pre-release is never a
 *     baseline) with finished runs in the window, or null when it has none
 * @param previousRate that version's runs over the window, or null
 * @param verdict this version judged against {@code previous} by {@link ReleaseHealth#JUDGE}, or
 *     null without a previous version
 * @param errorTypes its failed runs per error type, most first ({@code unknown} when a run gave
 *     none)
 * @param newErrorTypes the error types of {@code errorTypes} that no earlier version failed with in
 *     the window, in the same order
 * @param users distinct users of this version over the active window (the last {@link
 *     ReleaseHealth#ACTIVE_DAYS} days)
 * @param adoption {@code users} as a share of every active user, 0 to 1
 * @param firstSeen the first UTC day of the window with an event of this version, or null
 * @param firstWeek how fast it was taken up: its share of the day's users, 0 to 1, on the seventh
 *     day from {@code firstSeen}; null when the window does not reach that day or begins on {@code
 *     firstSeen} (the version may be older)
 * @param flagged whether the version is flagged (its users are told to upgrade)
 * @param flagReason the flag's reason, or null
 * @param days per UTC day of the window, its runs and failures (zeros included)
 */
public record VersionHealth(
    String version,
    FailureRate rate,
    String previous,
    FailureRate previousRate,
    RegressionRule.Verdict verdict,
    List<ErrorCount> errorTypes,
    List<ErrorCount> newErrorTypes,
    long users,
    double adoption,
    LocalDate firstSeen,
    Double firstWeek,
    boolean flagged,
    String flagReason,
    List<Day> days) {
  public VersionHealth {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(rate, "rate");
    if ((previous == null) != (previousRate == null)) {
      throw new IllegalArgumentException("previous and previousRate go together");
    }
    errorTypes = List.copyOf(errorTypes);
    newErrorTypes = List.copyOf(newErrorTypes);
    days = List.copyOf(days);
  }

  /**
   * Failed runs of one error type.
   *
   * @param type the error type, e.g. {@code ValueError}
   * @param failures failed runs with it
   */
  public record ErrorCount(String type, long failures) {}

  /**
   * One UTC day of a version.
   *
   * @param date the day
   * @param rate its finished and failed runs
   */
  public record Day(LocalDate date, FailureRate rate) {}
}
