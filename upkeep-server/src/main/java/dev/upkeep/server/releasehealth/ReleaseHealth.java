package dev.upkeep.server.releasehealth;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The health of every version of a project that had events in a window: runs, failure rates with
 * their Wilson intervals, each judged against the version before it, error types new in it,
 * adoption, and how many users are still on flagged versions. Read by {@link HealthReader} from the
 * rollups; immutable.
 *
 * @param project {@code owner/name}
 * @param from first instant of the window (00:00 UTC of its first day)
 * @param to last instant of the window
 * @param activeFrom first instant of the active window, {@link #ACTIVE_DAYS} days before {@code to}
 * @param activeUsers distinct users over the active window
 * @param flaggedUsers users of flagged versions over the active window: the sum over those versions
 *     (a user of two flagged versions counts twice), at most {@code activeUsers}
 * @param versions the versions with events in the window, lowest first by the project's scheme
 */
public record ReleaseHealth(
    String project,
    Instant from,
    Instant to,
    Instant activeFrom,
    long activeUsers,
    long flaggedUsers,
    List<VersionHealth> versions) {
  /** Days of the active window, over which adoption and users are counted: {@value}. */
  public static final int ACTIVE_DAYS = 7;

  /** Days of the window when none is asked for: {@value}. */
  public static final int DEFAULT_DAYS = 30;

  /**
   * How a version is judged against the one before it: its lower bound above the previous upper
   * bound (factor 1), at least {@link RegressionRule#MIN_RUNS} runs each, {@link RegressionRule#Z}.
   * The alert rules' default; a rule may ask for a larger factor.
   */
  public static final RegressionRule JUDGE =
      new RegressionRule(1, RegressionRule.MIN_RUNS, RegressionRule.Z);

  public ReleaseHealth {
    Objects.requireNonNull(project, "project");
    versions = List.copyOf(versions);
  }

  /** {@code flaggedUsers} as a share of {@code activeUsers}, 0 to 1 (0 without active users). */
  public double flaggedShare() {
    return activeUsers == 0 ? 0 : (double) flaggedUsers / activeUsers;
  }

  /** The version of that name, if it had events in the window. */
  public Optional<VersionHealth> version(String version) {
    return versions.stream().filter(v -> v.version().equals(version)).findFirst();
  }
}
