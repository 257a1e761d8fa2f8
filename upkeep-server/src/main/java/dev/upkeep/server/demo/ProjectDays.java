package dev.upkeep.server.demo;

import dev.upkeep.server.ingest.RunStatus;
import dev.upkeep.server.ingest.UsageEvent;
import dev.upkeep.server.ingest.UserType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Makes one demo project's events, day by day. Each day gets its count from {@link DailyVolume};
 * new users join (each sends on its first day) and the rest of the day's events come from the
 * active users: a CI runner, a developer or a person as the project's shares say (CI's share higher
 * at weekends, when people run less), drawn by their rates. A run is a tracked run (a start {@code
 * R} and an end {@code C}, {@code F} or {@code S} with the same session; a few ends never arrive),
 * a single breadcrumb ({@code R}) or a usagestats report (kind {@code report}), as the project's
 * shares say. A user runs the newest release out {@code lag} days before (developers: the next
 * version, unreleased); runs on flagged releases fail four times as often, mostly with the
 * release's own error. Not thread-safe.
 */
final class ProjectDays {
  /** New users per day at most one per this many events when the active pool is small: {@value}. */
  private static final int EVENTS_PER_ACTIVE_USER = 5;

  private final ProjectPlan plan;
  private final long projectId;
  private final Range range;
  private final SplittableRandom r;
  private final long[] counts;
  private final Users users;
  private final Failures failures;
  private final String[] devVersions;
  private final int[] flagErrors;
  private long emitted;

  ProjectDays(ProjectPlan plan, long projectId, Range range, long seed) {
    this.plan = plan;
    this.projectId = projectId;
    this.range = range;
    this.r = Draw.stream(seed, 4, plan.index());
    this.counts =
        DailyVolume.of(
            plan,
            range.days(),
            range.first(),
            range.lastDayFraction(),
            Draw.stream(seed, 5, plan.index()));
    this.users = new Users(plan, Draw.mix(Draw.mix(seed) + plan.index()));
    this.failures = new Failures(plan.language(), Draw.stream(seed, 6, plan.index()));
    Releases releases = plan.releases();
    devVersions = new String[releases.size()];
    flagErrors = new int[releases.size()];
    for (int i = 0; i < releases.size(); i++) {
      String v = releases.get(i).version();
      int dot = v.lastIndexOf('.');
      String next = v.substring(0, dot + 1) + (Integer.parseInt(v.substring(dot + 1)) + 1);
      devVersions[i] = "java".equals(plan.language()) ? next + "-SNAPSHOT" : next + ".dev0";
      flagErrors[i] = r.nextInt(failures.count());
    }
  }

  ProjectPlan plan() {
    return plan;
  }

  long projectId() {
    return projectId;
  }

  /** Events per day (the plan's total, split). */
  long[] counts() {
    return counts.clone();
  }

  /** Events made so far. */
  long emitted() {
    return emitted;
  }

  /** Users that sent something so far. */
  int users() {
    return users.seen();
  }

  /** Appends day {@code d}'s events to {@code out} (in no particular order). */
  void day(int d, List<UsageEvent> out) {
    long c = counts[d];
    if (c == 0) {
      return;
    }
    double ci = DailyVolume.ciShareOn(range.date(d), plan.ciShare());
    double progress = range.progress(d);
    if (d == 0 && plan.startDay() == 0 && users.active() == 0) {
      long established = Math.round(c * plan.newUserRatio() * 40 * Draw.uniform(r, 0.8, 1.2));
      for (long i = 0; i < established; i++) {
        users.join(r, -1 - r.nextInt(300), true, 0);
      }
    }
    users.startDay(d);
    long joiners = Math.round(c * plan.newUserRatio() * Draw.lognormal(r, 1, 0.2));
    joiners = Math.max(joiners, c / EVENTS_PER_ACTIVE_USER - users.active());
    joiners = Math.max(1, Math.min(c, joiners));
    int[] fresh = new int[(int) joiners];
    for (int i = 0; i < joiners; i++) {
      fresh[i] = users.join(r, d, false, progress);
    }
    users.startDay(d);
    long left = c;
    for (int i = 0; i < fresh.length && left > 0; i++) {
      left -= run(fresh[i], d, left, out);
    }
    while (left > 0) {
      double t = r.nextDouble();
      byte kind = t < ci ? Users.CI : t < ci + plan.devShare() ? Users.DEVELOPER : Users.PERSON;
      if (users.active(kind) == 0) {
        kind = users.active(Users.PERSON) > 0 ? Users.PERSON : Users.CI;
        if (users.active(kind) == 0) {
          kind = Users.DEVELOPER;
        }
      }
      left -= run(users.pick(r, kind), d, left, out);
    }
    emitted += c;
  }

  /** One run of user {@code u}: appends its events (at most {@code left}) and returns how many. */
  private int run(int u, int d, long left, List<UsageEvent> out) {
    users.markSeen(u);
    byte kind = users.type(u);
    Releases releases = plan.releases();
    int ri =
        kind == Users.DEVELOPER
            ? releases.at(d)
            : users.pinned(u) >= 0 ? users.pinned(u) : releases.at(d - users.lag(u));
    Release release = releases.get(ri);
    String version = kind == Users.DEVELOPER ? devVersions[ri] : release.version();
    boolean ci = kind == Users.CI;
    long start = range.dayMillis(d) + Environments.timeOfDay(r, ci, users.zone(u));
    if (start >= range.endMillis()) {
      start =
          range.dayMillis(d) + (long) (r.nextDouble() * (range.endMillis() - range.dayMillis(d)));
    }
    double x = r.nextDouble();
    if (x < plan.reportShare() && !ci) {
      out.add(report(u, start, version));
      return 1;
    }
    String session = Draw.uuid(r.nextLong(), r.nextLong());
    if (x >= plan.reportShare() + plan.trackedShare() || left < 2) {
      out.add(event(u, start, version, session, RunStatus.R, null, null, null));
      return 1;
    }
    long duration = Math.max(200, (long) (Draw.lognormal(r, plan.runSeconds(), 1.0) * 1000));
    long end = start + duration;
    if (end >= range.endMillis()) {
      end = range.endMillis() - 1;
      start = Math.max(range.dayMillis(0), end - duration);
    }
    out.add(event(u, start, version, session, RunStatus.R, null, null, null));
    if (r.nextDouble() < ProjectPlan.LOST_END_SHARE) {
      return 1;
    }
    double failure = plan.failureRate() * (release.flagged() && !ci ? 4 : 1);
    double y = r.nextDouble();
    if (y < failure) {
      int e = release.flagged() && r.nextDouble() < 0.6 ? flagErrors[ri] : failures.pick(r);
      out.add(
          event(
              u, end, version, session, RunStatus.F, null, failures.type(e), failures.message(e)));
    } else if (y < failure + plan.suspendRate()) {
      String signal = Failures.signal(r);
      out.add(
          event(
              u,
              end,
              version,
              session,
              RunStatus.S,
              "terminated by " + signal,
              failures.signalError(signal),
              null));
    } else {
      out.add(event(u, end, version, session, RunStatus.C, null, null, null));
    }
    return 2;
  }

  private UsageEvent event(
      int u,
      long at,
      String version,
      String session,
      RunStatus status,
      String statusDesc,
      String errorType,
      String errorDesc) {
    byte kind = users.type(u);
    return UsageEvent.builder(projectId, UsageEvent.BREADCRUMB, Instant.ofEpochMilli(at))
        .version(version)
        .language(plan.language())
        .languageVersion(users.languageVersion(u))
        .userId(users.id(u))
        .sessionId(session)
        .userType(
            kind == Users.CI
                ? UserType.CI
                : kind == Users.DEVELOPER ? UserType.DEV : UserType.GENERAL)
        .platform(users.platform(u))
        .container(users.container(u))
        .ci(kind == Users.CI)
        .status(status)
        .statusDesc(statusDesc)
        .errorType(errorType)
        .errorDesc(errorDesc)
        .build();
  }

  /** A usagestats report as usagestats 1.0.1 sends it; 40 % carry a user id (off by default). */
  private UsageEvent report(int u, long at, String version) {
    String user = r.nextDouble() < 0.4 ? users.id(u) : null;
    String platform = users.platform(u);
    String[] py = users.languageVersion(u).split("\\.");
    List<Map.Entry<String, String>> pairs =
        new java.util.ArrayList<>(List.of(Map.entry("date", (at / 1000) + "." + (at % 1000))));
    if (user != null) {
      pairs.add(Map.entry("user", user));
    }
    pairs.add(Map.entry("version", version));
    pairs.add(
        Map.entry(
            "architecture",
            "darwin".equals(platform) && r.nextDouble() < 0.6 ? "arm64" : "x86_64"));
    pairs.add(
        Map.entry(
            "system",
            switch (platform) {
              case "darwin" -> "Darwin;23.6.0";
              case "win32" -> "Windows;10";
              default -> "Linux;6.1.0-28-amd64";
            }));
    pairs.add(Map.entry("python", py[0] + ";" + py[1] + ";" + py[2] + ";final;0"));
    pairs.add(
        Map.entry(
            "session_time",
            String.format(java.util.Locale.ROOT, "%.1f", Draw.lognormal(r, 20, 1.2))));
    return UsageEvent.builder(projectId, "report", Instant.ofEpochMilli(at))
        .version(version)
        .language("python")
        .languageVersion(users.languageVersion(u))
        .userId(user)
        .platform(platform)
        .status(RunStatus.C)
        .attributes(pairs)
        .build();
  }
}
