package dev.upkeep.client;

import java.util.Map;

/**
 * The static entry point, as {@code migas.setup(...)} is for migas-py: set a client up once, then
 * call from anywhere.
 *
 * <pre>{@code
 * Upkeep.setup("https://telemetry.example.org");
 * try (Tracker run = Upkeep.track("example/mytool", "2.3.0")) {
 *   ...
 * }
 * }</pre>
 *
 * <p>Before {@link #setup} a client is built from the environment alone ({@code UPKEEP_ENDPOINT});
 * without an endpoint every call does nothing. Thread-safe; never throws from tracking calls.
 */
public final class Upkeep {
  private static volatile UpkeepClient client;

  private Upkeep() {}

  /** Sets up the global client for an endpoint with every other setting at its default. */
  public static UpkeepClient setup(String endpoint) {
    return setup(UpkeepClient.builder().endpoint(endpoint).build());
  }

  /** Makes {@code client} the global client. */
  public static UpkeepClient setup(UpkeepClient c) {
    client = java.util.Objects.requireNonNull(c, "client");
    return c;
  }

  /** The global client (built from the environment if {@link #setup} was not called). */
  public static UpkeepClient client() {
    UpkeepClient c = client;
    if (c == null) {
      synchronized (Upkeep.class) {
        if (client == null) {
          client = UpkeepClient.builder().build();
        }
        c = client;
      }
    }
    return c;
  }

  /** See {@link UpkeepClient#addBreadcrumb(String, String, Map)}. */
  public static void addBreadcrumb(String project, String version, Map<String, String> attributes) {
    client().addBreadcrumb(project, version, attributes);
  }

  /** See {@link UpkeepClient#addBreadcrumb(String, String)}. */
  public static void addBreadcrumb(String project, String version) {
    client().addBreadcrumb(project, version);
  }

  /** See {@link UpkeepClient#track}. */
  public static Tracker track(String project, String version) {
    return client().track(project, version);
  }

  /** See {@link UpkeepClient#checkProject}. */
  public static ProjectCheck checkProject(String project, String version) {
    return client().checkProject(project, version);
  }

  /** See {@link UpkeepClient#usage}. */
  public static UsageCount usage(String project, String from, String to, boolean unique) {
    return client().usage(project, from, to, unique);
  }

  /** See {@link UpkeepClient#clearUserId}. */
  public static boolean clearUserId() {
    return client().clearUserId();
  }

  /**
   * Silences tracking of the named projects or apps on this thread and the threads it starts, until
   * the returned scope is closed; see {@link Silence}.
   */
  public static Silence silence(String... names) {
    return Silence.enter(names);
  }

  /** Silences tracking of the named projects or apps in the whole JVM, for good. */
  public static void silenceEverywhere(String... names) {
    Silence.everywhere(names);
  }

  /** See {@link UpkeepClient#report}. */
  public static Report report(String project, String version) {
    return client().report(project, version);
  }

  /** See {@link UpkeepClient#enable}. */
  public static ConsentMode enable() {
    return client().enable();
  }

  /** See {@link UpkeepClient#disable}. */
  public static ConsentMode disable() {
    return client().disable();
  }

  /** See {@link UpkeepClient#status}. */
  public static String status() {
    return client().status();
  }
}
