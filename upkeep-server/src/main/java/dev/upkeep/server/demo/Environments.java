package dev.upkeep.server.demo;

import java.util.SplittableRandom;

/**
 * Where demo users run: platform, container, language version, time zone and hour of day, with
 * plausible shares. People mostly run on Linux, some on macOS and Windows, and in containers only
 * on Linux; CI runners are nearly all Linux, often in Docker. Language versions shift during the
 * demo's range from older to newer ones. Stateless and thread-safe (the random streams are not).
 */
final class Environments {
  static final String[] PLATFORMS = {"linux", "darwin", "win32"};
  static final String[] CONTAINERS = {"unknown", "docker", "apptainer", "podman"};

  private static final double[] PLATFORM_PEOPLE = Draw.cumulative(62, 25, 13);
  private static final double[] PLATFORM_CI = Draw.cumulative(88, 8, 4);
  private static final double[] CONTAINER_PEOPLE = Draw.cumulative(80, 11, 7, 2);
  private static final double[] CONTAINER_CI = Draw.cumulative(50, 45, 0, 5);

  /** Python minor versions, their two patch releases, and shares at the start and end. */
  private static final String[][] PYTHON = {
    {"3.8.18", "3.8.20"},
    {"3.9.19", "3.9.21"},
    {"3.10.14", "3.10.16"},
    {"3.11.9", "3.11.11"},
    {"3.12.7", "3.12.9"},
    {"3.13.1", "3.13.2"}
  };

  private static final double[] PYTHON_START = {8, 17, 25, 28, 18, 4};
  private static final double[] PYTHON_END = {2, 8, 18, 27, 30, 15};

  private static final String[][] JAVA = {
    {"11.0.24", "11.0.25"}, {"17.0.12", "17.0.13"}, {"21.0.4", "21.0.5"}, {"25.0.0", "25.0.1"}
  };
  private static final double[] JAVA_START = {22, 45, 30, 3};
  private static final double[] JAVA_END = {12, 35, 43, 10};

  /** UTC offsets of people in minutes (Americas, Europe, India, East Asia) and their shares. */
  private static final int[] ZONES = {-480, -300, 0, 60, 120, 330, 480, 540};

  private static final double[] ZONE_SHARES = Draw.cumulative(12, 24, 14, 26, 6, 6, 8, 4);

  /** Runs per local hour of a working person: low at night, high from 9 to 17. */
  private static final double[] HOURS_PEOPLE =
      Draw.cumulative(
          1, 0.6, 0.4, 0.3, 0.3, 0.5, 1, 2, 4, 7, 9, 9, 7, 8, 9, 9, 8, 6, 4, 3.5, 3, 2.5, 2, 1.5);

  /** Runs of CI per UTC hour: round the clock, a nightly bump at 2 to 4. */
  private static final double[] HOURS_CI =
      Draw.cumulative(3, 3, 6, 6, 6, 3, 3, 3, 4, 4, 4, 4, 4, 4, 5, 5, 5, 5, 4, 4, 4, 3, 3, 3);

  private static final int HOUR_MS = 3_600_000;
  private static final int DAY_MS = 86_400_000;

  private Environments() {}

  /** An index into {@link #PLATFORMS}. */
  static int platform(SplittableRandom r, boolean ci) {
    return Draw.pick(r, ci ? PLATFORM_CI : PLATFORM_PEOPLE);
  }

  /** An index into {@link #CONTAINERS}; only Linux runs in containers. */
  static int container(SplittableRandom r, boolean ci, int platform) {
    return platform != 0 ? 0 : Draw.pick(r, ci ? CONTAINER_CI : CONTAINER_PEOPLE);
  }

  /**
   * A full language version ({@code 3.11.9}, {@code 21.0.5}) for someone starting at {@code
   * progress} (0 at the demo's first day, 1 at its last).
   */
  static String languageVersion(SplittableRandom r, String language, double progress) {
    boolean java = "java".equals(language);
    String[][] table = java ? JAVA : PYTHON;
    double[] start = java ? JAVA_START : PYTHON_START;
    double[] end = java ? JAVA_END : PYTHON_END;
    double[] w = new double[start.length];
    for (int i = 0; i < w.length; i++) {
      w[i] = start[i] * (1 - progress) + end[i] * progress;
    }
    String[] patches = table[Draw.pick(r, Draw.cumulative(w))];
    return patches[r.nextDouble() < 0.3 + 0.5 * progress ? 1 : 0];
  }

  /** A person's UTC offset in minutes; CI runs in UTC. */
  static int zone(SplittableRandom r, boolean ci) {
    return ci ? 0 : ZONES[Draw.pick(r, ZONE_SHARES)];
  }

  /** Milliseconds into the UTC day of a run, from the local hours people (or CI) run at. */
  static int timeOfDay(SplittableRandom r, boolean ci, int zoneMinutes) {
    int hour = Draw.pick(r, ci ? HOURS_CI : HOURS_PEOPLE);
    long local = (long) hour * HOUR_MS + r.nextInt(HOUR_MS);
    long utc = local - zoneMinutes * 60_000L;
    return (int) Math.floorMod(utc, (long) DAY_MS);
  }
}
