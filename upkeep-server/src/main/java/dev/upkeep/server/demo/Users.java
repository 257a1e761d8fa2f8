package dev.upkeep.server.demo;

import java.util.Arrays;
import java.util.BitSet;
import java.util.SplittableRandom;

/**
 * The users of one demo project, as cohorts that come and go: each joins on a day, stays for a
 * drawn lifetime (a third try it once, most leave within weeks, a quarter stay for months; CI
 * runners and developers stay longer) and runs at its own rate (log-normal, heavy-tailed). Each
 * keeps its kind (person, developer, CI runner), platform, container, language version, time zone
 * and upgrade habit (a lag in days before it takes a new release, or pinned to the release it
 * started with). Kept in parallel arrays (about 40 bytes per user); the active users of the current
 * day are a weighted pool per kind to draw runs from. Not thread-safe.
 */
final class Users {
  static final byte PERSON = 0;
  static final byte DEVELOPER = 1;
  static final byte CI = 2;

  /** Share of new users that are developers: {@value}. */
  static final double NEW_DEVELOPERS = 0.01;

  /** New CI runners per new user, relative to the project's CI share of runs: {@value}. */
  static final double NEW_CI_RUNNERS = 0.5;

  private final ProjectPlan plan;
  private final long idSeed;
  private int count;
  private int[] leave = new int[64];
  private float[] weight = new float[64];
  private short[] lag = new short[64];
  private int[] pinned = new int[64];
  private byte[] type = new byte[64];
  private byte[] platform = new byte[64];
  private byte[] container = new byte[64];
  private short[] zone = new short[64];
  private String[] languageVersion = new String[64];
  private final BitSet seen = new BitSet();

  private int[] active = new int[64];
  private int activeCount;
  private int[] sorted = new int[64];
  private double[] cumulative = new double[64];
  private final int[] segment = new int[4];

  Users(ProjectPlan plan, long idSeed) {
    this.plan = plan;
    this.idSeed = idSeed;
  }

  /**
   * A new user whose first day is {@code day}; it becomes active at the next {@link #startDay}.
   *
   * @param day its first day (negative for users who came before the range)
   * @param established a user from before the range, drawn as one still active on day 0
   * @param progress {@code day}'s place in the range, 0 to 1 (for its language version)
   */
  int join(SplittableRandom r, int day, boolean established, double progress) {
    grow();
    int u = count++;
    double t = r.nextDouble();
    double ci = plan.ciShare() * NEW_CI_RUNNERS;
    byte kind = t < ci ? CI : t < ci + NEW_DEVELOPERS ? DEVELOPER : PERSON;
    double life;
    if (kind == CI) {
      life = 7 + Draw.exponential(r, 120);
    } else if (kind == DEVELOPER) {
      life = 100_000;
    } else if (established) {
      life = r.nextDouble() < 0.8 ? Draw.exponential(r, 150) : Draw.exponential(r, 20);
    } else {
      double l = r.nextDouble();
      life = l < 0.35 ? 1 : l < 0.75 ? 1 + Draw.exponential(r, 20) : 1 + Draw.exponential(r, 150);
    }
    int first = Math.max(day, 0);
    leave[u] = (int) Math.min(Integer.MAX_VALUE / 2, first + Math.ceil(life));
    weight[u] = (float) Draw.lognormal(r, 1, 0.9);
    boolean runner = kind == CI;
    int lagDays =
        kind == DEVELOPER
            ? 0
            : (int) Math.min(1000, Draw.exponential(r, runner ? 2 : plan.lagDays()));
    lag[u] = (short) lagDays;
    pinned[u] =
        kind == PERSON && r.nextDouble() < plan.pinnedShare()
            ? plan.releases().at(day - lagDays)
            : -1;
    type[u] = kind;
    platform[u] = (byte) Environments.platform(r, runner);
    container[u] = (byte) Environments.container(r, runner, platform[u]);
    zone[u] = (short) Environments.zone(r, runner);
    languageVersion[u] = Environments.languageVersion(r, plan.language(), progress);
    active[activeCount++] = u;
    return u;
  }

  /**
   * Starts {@code day}: drops users whose lifetime ended and weighs the rest, per kind, for {@link
   * #pick}.
   */
  void startDay(int day) {
    int n = 0;
    for (int i = 0; i < activeCount; i++) {
      int u = active[i];
      if (leave[u] > day) {
        active[n++] = u;
      }
    }
    activeCount = n;
    if (sorted.length < n) {
      sorted = new int[active.length];
      cumulative = new double[active.length];
    }
    int k = 0;
    double sum = 0;
    for (byte kind = PERSON; kind <= CI; kind++) {
      segment[kind] = k;
      for (int i = 0; i < n; i++) {
        int u = active[i];
        if (type[u] == kind) {
          sum += weight[u];
          sorted[k] = u;
          cumulative[k++] = sum;
        }
      }
    }
    segment[CI + 1] = k;
  }

  /** Active users after {@link #startDay} (users joined since are not counted). */
  int active() {
    return segment[CI + 1];
  }

  /** Active users of a kind after {@link #startDay}. */
  int active(byte kind) {
    return segment[kind + 1] - segment[kind];
  }

  /**
   * An active user of {@code kind} drawn by its rate; only call while {@link #active(byte)} is
   * positive for that kind.
   */
  int pick(SplittableRandom r, byte kind) {
    return sorted[Draw.pick(r, cumulative, segment[kind], segment[kind + 1])];
  }

  /** The user's id: a UUID made from the project's seed and the user's number. */
  String id(int u) {
    return Draw.uuid(Draw.mix(idSeed + u), Draw.mix(idSeed ^ (0x9E3779B97F4A7C15L * (u + 1))));
  }

  /** Marks a user as having sent something; returns whether it is the first time. */
  boolean markSeen(int u) {
    if (seen.get(u)) {
      return false;
    }
    seen.set(u);
    return true;
  }

  /** Users that sent something. */
  int seen() {
    return seen.cardinality();
  }

  byte type(int u) {
    return type[u];
  }

  int lag(int u) {
    return lag[u];
  }

  /** The release index a pinned user stays on, or -1. */
  int pinned(int u) {
    return pinned[u];
  }

  String platform(int u) {
    return Environments.PLATFORMS[platform[u]];
  }

  String container(int u) {
    return Environments.CONTAINERS[container[u]];
  }

  int zone(int u) {
    return zone[u];
  }

  String languageVersion(int u) {
    return languageVersion[u];
  }

  private void grow() {
    if (count == leave.length) {
      int n = count * 2;
      leave = Arrays.copyOf(leave, n);
      weight = Arrays.copyOf(weight, n);
      lag = Arrays.copyOf(lag, n);
      pinned = Arrays.copyOf(pinned, n);
      type = Arrays.copyOf(type, n);
      platform = Arrays.copyOf(platform, n);
      container = Arrays.copyOf(container, n);
      zone = Arrays.copyOf(zone, n);
      languageVersion = Arrays.copyOf(languageVersion, n);
    }
    if (activeCount == active.length) {
      active = Arrays.copyOf(active, active.length * 2);
    }
  }
}
