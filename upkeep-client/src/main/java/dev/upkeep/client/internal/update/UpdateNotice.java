package dev.upkeep.client.internal.update;

import dev.upkeep.client.internal.Digests;
import dev.upkeep.client.internal.Log;
import dev.upkeep.client.internal.PrivateFiles;
import dev.upkeep.client.internal.env.EnvSettings;
import dev.upkeep.protocol.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Tells the user, in one line on stderr, that a newer version of a project exists or that theirs is
 * flagged, without ever delaying the app: {@link #request} only hands a task to an executor (a
 * daemon thread); the task asks the server once per run (once per JVM) per project and version, so
 * that a flag set on the server reaches the user on their next run, but a flagged version only once
 * per {@link #CHECK_INTERVAL_MILLIS}. The answer is kept in {@code <cache>/checks/<hash>.json} and
 * each answer is printed once: asked again, the same answer is not printed again, and one that
 * arrived after the app ended is printed by a later run. Never throws; thread-safe.
 *
 * <p>Lines: {@code example/mytool: 2.4.0 is available (you have 2.3.0)}, or for a flagged version
 * {@code example/mytool: <the server's message>}.
 */
public final class UpdateNotice {
  /** How often a flagged version is checked at most: {@value} ms (a day). */
  public static final long CHECK_INTERVAL_MILLIS = 24L * 60 * 60 * 1000;

  /** Asks the server; blocking, with the client's timeouts. */
  public interface Checker {
    /**
     * @return {latest, flagged ("true"/"false"), message}, or null when the check failed
     */
    String[] check(String project, String version);
  }

  private final Path dir;
  private final Checker checker;
  private final PrintStream out;
  private final Executor executor;
  private final Clock clock;
  private final String state;
  private final Set<String> requested = ConcurrentHashMap.newKeySet();

  /**
   * @param cacheDir the user cache directory; answers are kept in its {@code checks}
   * @param out where the lines are printed
   * @param executor runs the checks
   * @param clock says when an answer is a day old
   * @param off why the notice is off (then {@link #request} does nothing), or null when it is on
   */
  public UpdateNotice(
      Path cacheDir, Checker checker, PrintStream out, Executor executor, Clock clock, String off) {
    this.dir = off == null ? cacheDir.resolve("checks") : null;
    this.checker = checker;
    this.out = out;
    this.executor = executor;
    this.clock = clock;
    this.state =
        off == null
            ? "on (checked once per run, a flagged version daily, in " + cacheDir + "/checks)"
            : "off (" + off + ")";
  }

  /**
   * Why the notice is off, or null when it is on: the app turned it off, {@value
   * EnvSettings#NO_UPDATE_CHECK} is set, or stderr is not a person's terminal (or a CI service runs
   * the app), in that order.
   */
  public static String off(boolean appWants, boolean noUpdateCheck, boolean interactive) {
    if (!appWants) {
      return "disabled by the application";
    }
    if (noUpdateCheck) {
      return EnvSettings.NO_UPDATE_CHECK + " is set";
    }
    return interactive ? null : "stderr is not a terminal, or CI";
  }

  /** Whether the notice is on and where answers are kept, or why it is off, for status output. */
  public String state() {
    return state;
  }

  /**
   * Checks and tells in the background, once per project and version in this JVM; nothing when the
   * notice is off.
   */
  public void request(String project, String version) {
    if (dir == null
        || project == null
        || version == null
        || !requested.add(project + " " + version)) {
      return;
    }
    try {
      executor.execute(() -> run(project, version, clock.millis()));
    } catch (RuntimeException e) {
      Log.debug("update check not started: " + e);
    }
  }

  /**
   * The task: the kept answer if it is a recent flag, else the server's (the kept one when the
   * server cannot be asked); prints it if that answer was not printed yet.
   */
  void run(String project, String version, long now) {
    try {
      Path file = dir.resolve(key(project, version) + ".json");
      Map<String, Object> kept = read(file);
      boolean recent = kept != null && now - number(kept.get("checked_at")) < CHECK_INTERVAL_MILLIS;
      Map<String, Object> answer = kept;
      if (!recent || !Boolean.TRUE.equals(kept.get("flagged"))) {
        String[] r = checker.check(project, version);
        if (r == null && !recent) {
          return; // try again next run
        }
        if (r != null) {
          answer = new LinkedHashMap<>();
          answer.put("project", project);
          answer.put("version", version);
          answer.put("checked_at", now);
          answer.put("latest", r[0]);
          answer.put("flagged", Boolean.parseBoolean(r[1]));
          answer.put("message", r[2]);
          answer.put("shown", kept != null && sameAnswer(kept, answer) && shown(kept));
        }
      }
      String line = line(project, version, answer);
      if (line != null && !shown(answer)) {
        synchronized (out) {
          out.println(line);
          out.flush();
        }
        answer.put("shown", true);
      }
      PrivateFiles.write(file, Json.write(answer).getBytes(StandardCharsets.UTF_8));
    } catch (IOException | RuntimeException e) {
      Log.debug("update check: " + e);
    }
  }

  /** The line to print for an answer, or null when there is nothing to tell. */
  static String line(String project, String version, Map<String, Object> answer) {
    String latest = (String) answer.get("latest");
    String message = (String) answer.get("message");
    if (Boolean.TRUE.equals(answer.get("flagged"))) {
      return project
          + ": "
          + (message != null && !message.isBlank() ? message : version + " is flagged");
    }
    if (latest != null && VersionCompare.newer(latest, version)) {
      return project + ": " + latest + " is available (you have " + version + ")";
    }
    return null;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> read(Path file) {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      Object o = Json.parse(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
      return o instanceof Map ? new LinkedHashMap<>((Map<String, Object>) o) : null;
    } catch (IOException | RuntimeException e) {
      return null; // a damaged file is replaced by the next answer
    }
  }

  private static long number(Object o) {
    return o instanceof Number ? ((Number) o).longValue() : 0;
  }

  private static boolean sameAnswer(Map<String, Object> a, Map<String, Object> b) {
    return java.util.Objects.equals(a.get("latest"), b.get("latest"))
        && java.util.Objects.equals(a.get("flagged"), b.get("flagged"))
        && java.util.Objects.equals(a.get("message"), b.get("message"));
  }

  private static boolean shown(Map<String, Object> answer) {
    return Boolean.TRUE.equals(answer.get("shown"));
  }

  private static String key(String project, String version) {
    return Digests.sha256Hex(project + "\n" + version, 8);
  }
}
