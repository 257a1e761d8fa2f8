package dev.upkeep.client;

import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns tracking off for named projects or apps while a library uses them: the Java form of
 * otumat's {@code DISABLE_USAGE_TRACKING_PACKAGES}. A library that depends on a tracked library
 * wraps its calls so the dependency never shows its notice, records, keeps or sends anything for
 * them:
 *
 * <pre>{@code
 * try (Silence s = Upkeep.silence("example/parser")) {
 *   parser.parse(input); // example/parser's own tracking does nothing here
 * }
 * }</pre>
 *
 * <p>A name matches a client's app name ({@link UpkeepClient.Builder#app}) or the project of a call
 * ({@code owner/name}). {@link Upkeep#silence} covers the calling thread and the threads it starts
 * while the scope is open, until {@link #close()}; {@link Upkeep#silenceEverywhere} covers the
 * whole JVM for good (for dependencies that work on their own thread pools). A silenced call costs
 * the caller a set lookup; with nothing silenced, one volatile read. Thread-safe.
 */
public final class Silence implements AutoCloseable {
  private static final Set<String> EVERYWHERE = ConcurrentHashMap.newKeySet();
  private static final InheritableThreadLocal<Set<String>> SCOPED = new InheritableThreadLocal<>();
  private static volatile boolean any;

  private final Thread owner = Thread.currentThread();
  private final Set<String> previous;

  private Silence(Set<String> previous) {
    this.previous = previous;
  }

  static Silence enter(String... names) {
    Set<String> previous = SCOPED.get();
    Set<String> now = previous == null ? new HashSet<>() : new HashSet<>(previous);
    for (String n : names) {
      if (n != null) {
        now.add(n);
      }
    }
    SCOPED.set(Collections.unmodifiableSet(now));
    any = true;
    return new Silence(previous);
  }

  static void everywhere(String... names) {
    for (String n : names) {
      if (n != null) {
        EVERYWHERE.add(n);
      }
    }
    any = true;
  }

  /** Whether tracking is silenced here for this app or project (either may be null). */
  static boolean covers(String app, String project) {
    if (!any) {
      return false;
    }
    Set<String> scoped = SCOPED.get();
    return matches(EVERYWHERE, app, project) || (scoped != null && matches(scoped, app, project));
  }

  private static boolean matches(Set<String> names, String app, String project) {
    return (app != null && names.contains(app)) || (project != null && names.contains(project));
  }

  /** Ends the scope on the thread that opened it (elsewhere: does nothing). Idempotent. */
  @Override
  public void close() {
    if (Thread.currentThread() == owner) {
      SCOPED.set(previous);
    }
  }
}
