package dev.upkeep.client;

import dev.upkeep.client.internal.Counters;
import dev.upkeep.client.internal.consent.ConsentController;
import dev.upkeep.client.internal.enroll.Enrollment;
import dev.upkeep.client.internal.env.EnvSettings;
import dev.upkeep.client.internal.transport.Http;
import dev.upkeep.client.internal.update.UpdateNotice;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Reports breadcrumbs and tracked runs of an application to an Upkeep (or migas) server, without
 * ever making the application wait on the network or see an exception.
 *
 * <pre>{@code
 * UpkeepClient upkeep = UpkeepClient.builder()
 *     .endpoint("https://telemetry.example.org")
 *     .app("mytool", "2.3.0")
 *     .build();
 * try (Tracker run = upkeep.track("example/mytool", "2.3.0")) {
 *   run.run(() -> doWork());
 * }
 * }</pre>
 *
 * <p>The caller's thread only records a breadcrumb and offers it to a bounded queue (drop and count
 * when full); one daemon thread batches, sends with short timeouts, and spools to disk what it
 * cannot send, for a later run. At JVM exit a shutdown hook closes runs still open and flushes for
 * at most {@link ClientBuilder#exitFlushTimeout} (default 500 ms), then spools the rest.
 *
 * <p>Consent comes first ({@link ConsentMode}): <b>off</b> — no request, no file written, not even
 * a tracked run's final breadcrumb — when {@code DO_NOT_TRACK} or {@code UPKEEP_OPTOUT} (and in
 * migas mode {@code MIGAS_OPTOUT}) is set to anything but empty, {@code 0} or {@code false}, when
 * the app's own variable or switch says so, when the user saved that decision ({@link #disable()}),
 * when no endpoint is configured or the config directory cannot be written; <b>local</b> — kept in
 * the spool, nothing sent — until {@link #enable()}; else <b>on</b>. {@link #status()} prints the
 * precedence and the setting that decided. {@code UPKEEP_INSPECT=1} prints every request instead of
 * sending it.
 *
 * <p>Notice before the first byte (Homebrew's rule): while the user has not decided and the app's
 * default is on, the run that shows the one-time notice sends nothing; its events are kept in the
 * spool and leave with the next run, unless the user turned telemetry off in between ({@link
 * #disable()} deletes them). Runs that cannot show the notice send, or hold too: {@link
 * ClientBuilder#noticeBeforeSending}.
 *
 * <p>Thread-safe. Tracking methods never throw; queries return a failed result instead.
 */
public final class UpkeepClient {
  /** Default connect timeout: 2 seconds. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);

  /** Default read timeout: 5 seconds. */
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(5);

  /** Default capacity of the in-memory queue: {@value} events. */
  public static final int DEFAULT_QUEUE_CAPACITY = 1000;

  /** Default largest batch sent in one request: {@value} events. */
  public static final int DEFAULT_BATCH_SIZE = 100;

  /** Default longest time an event waits to be batched: 1 second. */
  public static final Duration DEFAULT_LINGER = Duration.ofSeconds(1);

  /** Default cap of the spool: {@value} batch files. */
  public static final int DEFAULT_SPOOL_MAX_FILES = 100;

  /** Default cap of the spool: 5 MiB. */
  public static final long DEFAULT_SPOOL_MAX_BYTES = 5L * 1024 * 1024;

  /** Default longest wait for delivery at JVM exit: 500 ms; the rest is spooled. */
  public static final Duration DEFAULT_EXIT_FLUSH_TIMEOUT = Duration.ofMillis(500);

  /** The variable that turns inspect mode on: {@value}. */
  public static final String INSPECT_VARIABLE = EnvSettings.INSPECT;

  /** Default longest wait for the user's answer on the consent page: 5 minutes. */
  public static final Duration DEFAULT_ENROLLMENT_TIMEOUT = Duration.ofMinutes(5);

  /** The variable that silences the update notice: {@value}. */
  public static final String NO_UPDATE_CHECK_VARIABLE = EnvSettings.NO_UPDATE_CHECK;

  /** Default consent mode when nothing else decides: {@link ConsentMode#ON} (migas' default). */
  public static final ConsentMode DEFAULT_CONSENT = ConsentMode.ON;

  /**
   * Default of {@link ClientBuilder#noticeBeforeSending}: {@value}, a run that cannot show the
   * one-time notice sends as before (the run that shows it never does).
   */
  public static final boolean DEFAULT_NOTICE_BEFORE_SENDING = false;

  /** Default of {@link ClientBuilder#forgetOnDisable}: {@value}. */
  public static final boolean DEFAULT_FORGET_ON_DISABLE = false;

  static final String VERSION = "0.1.0";

  private final long startNanos = System.nanoTime();
  private final ClientSettings settings;
  private final Counters counters = new Counters();
  private final Http http;
  private final ConsentController consent;
  private final UpdateNotice updates;
  private final Queries queries;
  private final Recorder recorder;

  /** Decides the consent and starts what it asks for ({@link ConsentController#start}). */
  UpkeepClient(ClientSettings s) {
    EnvSettings env = s.env;
    String app = s.consent.appName;
    String agent = "upkeep-client/" + VERSION + (app == null ? "" : " " + app + "/" + s.appVersion);
    this.settings = s;
    this.http = Http.of(env, agent, env.inspect ? s.consent.stderr : null);
    this.consent = new ConsentController(s.consent, env, s.dispatch, http, counters);
    this.queries = new Queries(http, env.endpoint, s.protocol, consent);
    String off = UpdateNotice.off(s.updateNotice, env.noUpdateCheck, consent.interactive());
    this.updates =
        new UpdateNotice(env.cacheDir, queries, s.consent.stderr, s.executor, s.clock, off);
    this.recorder = new Recorder(consent, counters, updates, s, startNanos);
    consent.start(recorder::closeAllAtExit);
  }

  /** A builder holding every default. */
  public static Builder builder() {
    return new Builder();
  }

  /** Whether events are sent ({@link ConsentMode#ON}). */
  public boolean enabled() {
    return consent.mode() == ConsentMode.ON;
  }

  /**
   * The consent mode in force; {@link #status()} says which setting decided it. {@link
   * ConsentMode#LOCAL} too in a run that holds its events for the one-time notice (see {@link
   * ClientBuilder#noticeBeforeSending}), though the app's default is on.
   */
  public ConsentMode consent() {
    return consent.mode();
  }

  /**
   * Saves the user's decision to upload (as {@code on} in the app's consent file) and starts
   * uploading what was kept locally, oldest first. A setting of higher precedence ({@code
   * DO_NOT_TRACK}, {@code UPKEEP_OPTOUT}, the app's own variable) still wins; an unwritable config
   * directory means off. Never throws; thread-safe.
   *
   * @return the mode in force afterwards
   */
  public ConsentMode enable() {
    return consent.enable();
  }

  /**
   * Saves the user's decision not to take part (as {@code off}), stops recording at once and
   * deletes what was kept: queued and spooled events, pending reports and the user id. With {@link
   * ClientBuilder#forgetOnDisable}, it also asks the server, in the background, to forget what it
   * holds under the user id in the projects this app sent events to. Never throws; thread-safe.
   *
   * @return the mode in force afterwards ({@link ConsentMode#OFF})
   */
  public ConsentMode disable() {
    return consent.disable();
  }

  /**
   * Enrolls this install with the server (otumat's model, done safely): opens the server's consent
   * page through {@link ClientBuilder#browser} (default: the desktop browser, and the link printed
   * on stderr), waits up to {@link ClientBuilder#enrollmentTimeout} (default 5 minutes) for the
   * answer on a {@code 127.0.0.1} redirect, proves the request with PKCE ({@code S256}, {@code
   * state}), and keeps the install's tokens in the OS keyring (with {@code upkeep-client-keyring})
   * or a 0600 file in the app's config directory. Then uploads are on (saved as {@code on}) and
   * what was kept locally is sent, with the install's token, from the app's own sender thread;
   * tokens are refreshed before they expire. When the server refuses a refresh (the install was
   * revoked) the client falls back to {@link ConsentMode#LOCAL}, saying so in a warning, never to a
   * silent opt-out.
   *
   * <p>Blocks the calling thread until the user answers: call it from a command the user ran (e.g.
   * {@code mytool telemetry enroll}), never from a tracking path. Refused without a browser round
   * trip when an opt-out variable is set, in inspect mode, or without an endpoint. Never throws;
   * thread-safe.
   *
   * @param project the project to enroll for, {@code owner/name} as registered on the server
   */
  public EnrollmentResult enroll(String project) {
    Enrollment.Result r =
        consent.enroll(project, Http.of(settings.env, "upkeep-client/" + VERSION, null));
    return r.enrolled()
        ? EnrollmentResult.enrolled(r.installId())
        : EnrollmentResult.failed(r.reason());
  }

  /**
   * A new usage report for a project (usagestats' model); see {@link Report}. Nothing is recorded
   * before {@link Report#submit}. Never throws.
   */
  public Report report(String project, String version) {
    return new Report(recorder, project, version);
  }

  /**
   * Records a breadcrumb (status {@code R}) with optional attributes, kept in order.
   *
   * @param attributes extra key/value pairs (Upkeep protocol only), or null
   */
  public void addBreadcrumb(String project, String version, Map<String, String> attributes) {
    recorder.breadcrumb(project, version, attributes);
  }

  /** Records a breadcrumb without attributes. */
  public void addBreadcrumb(String project, String version) {
    recorder.breadcrumb(project, version, null);
  }

  /**
   * Starts a tracked run: sends {@code R} "Started" now and the final status when the returned
   * tracker is closed (or at JVM exit). While a run of the same project and version is open, the
   * same tracker is returned and nothing is sent again.
   */
  public Tracker track(String project, String version) {
    return recorder.track(project, version);
  }

  /**
   * Tells the user, in one line on stderr, when a newer version of the project exists or this one
   * is flagged (with the server's reason and advice); {@link #track} does it for its project. Never
   * delays the caller: the check runs on the {@link ClientBuilder#executor}, once per run per
   * project and version, so that a version flagged on the server is told on the user's next run (a
   * flagged version is asked again only after a day); the answer is kept in the user cache
   * directory's {@code checks}, each answer is told once, and one that arrives after the app ended
   * is shown by its next run. Silent when {@value #NO_UPDATE_CHECK_VARIABLE} is set, when consent
   * is not {@link ConsentMode#ON} (an opt-out variable, LOCAL: nothing leaves the computer), when
   * stderr is not a terminal or a CI service runs the app (see {@link ClientBuilder#interactive}),
   * or with {@link ClientBuilder#updateNotice updateNotice(false)}. Never throws.
   */
  public void notifyUpdates(String project, String version) {
    recorder.notifyUpdates(project, version);
  }

  /**
   * Asks the server whether a newer version exists and whether this one is flagged. Blocks for at
   * most the connect and read timeouts; see {@link #checkProjectAsync} to not wait at all.
   */
  public ProjectCheck checkProject(String project, String version) {
    return queries.checkProject(project, version);
  }

  /** {@link #checkProject} on the configured executor. */
  public CompletableFuture<ProjectCheck> checkProjectAsync(String project, String version) {
    return CompletableFuture.supplyAsync(() -> checkProject(project, version), settings.executor);
  }

  /**
   * Counts a project's breadcrumbs ({@code unique}: distinct users) between two dates, as migas'
   * {@code get_usage}.
   *
   * @param from {@code YYYY-MM-DD} or an ISO-8601 time
   * @param to the same, or null for now
   */
  public UsageCount usage(String project, String from, String to, boolean unique) {
    return queries.usage(project, from, to, unique);
  }

  /** Deletes the stored user id file; returns whether one existed. Never throws. */
  public boolean clearUserId() {
    return consent.clearUserId();
  }

  /**
   * Delivers what is queued, waiting at most {@code timeout}; the rest is spooled.
   *
   * @return true if everything was delivered in time
   */
  public boolean flush(Duration timeout) {
    return consent.flush(timeout.toMillis());
  }

  /** What happened to events so far. */
  public DeliveryStats stats() {
    return new DeliveryStats(counters);
  }

  /** The configuration, the consent decision and where it came from, and the counters. */
  public String status() {
    return settings.status(consent, updates.state(), http.inspecting(), stats());
  }

  /**
   * Builds a client. Every setting has a default ({@code DEFAULT_*}); setters ({@link
   * ClientBuilder}) validate and name the setting in their {@link IllegalArgumentException}. Not
   * thread-safe; the client is.
   */
  public static final class Builder extends ClientBuilder {
    private Builder() {}
  }
}
