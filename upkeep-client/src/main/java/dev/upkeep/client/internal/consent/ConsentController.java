package dev.upkeep.client.internal.consent;

import dev.upkeep.client.ConsentMode;
import dev.upkeep.client.SecretStore;
import dev.upkeep.client.UserIdPolicy;
import dev.upkeep.client.internal.Counters;
import dev.upkeep.client.internal.Log;
import dev.upkeep.client.internal.delivery.Crumb;
import dev.upkeep.client.internal.delivery.Dispatcher;
import dev.upkeep.client.internal.delivery.DispatcherSettings;
import dev.upkeep.client.internal.enroll.Browsers;
import dev.upkeep.client.internal.enroll.Credentials;
import dev.upkeep.client.internal.enroll.Enrollment;
import dev.upkeep.client.internal.enroll.OAuthClient;
import dev.upkeep.client.internal.enroll.SecretStores;
import dev.upkeep.client.internal.enroll.TokenKeeper;
import dev.upkeep.client.internal.env.CiVendors;
import dev.upkeep.client.internal.env.EnvSettings;
import dev.upkeep.client.internal.env.Environment;
import dev.upkeep.client.internal.transport.Http;
import java.nio.file.Path;

/**
 * One client's consent, from its first decision to every change: decides the mode at start ({@link
 * ConsentRules}, then Homebrew's rule for the one-time notice) and arms the notice, then moves
 * between off, local and on when the user enables, disables or enrolls, or the server ends the
 * enrollment. It owns what consent governs: the dispatcher (opened when first needed, keeping
 * batches on disk while local, stopped and emptied when off), the user id file, the enrolled
 * install's tokens and, with {@code forgetOnDisable}, the request that the server forget the user.
 *
 * <p>Thread-safe: changes are synchronized, {@link #mode()} is one volatile read. {@link #enable}
 * and {@link #disable} never throw.
 */
public final class ConsentController {
  private final ConsentSettings settings;
  private final EnvSettings env;
  private final DispatcherSettings dispatch;
  private final Http http;
  private final Counters counters;
  private final UserIds userIds;
  private final SavedConsent saved;
  private final ConsentRules rules;
  private final boolean interactive;
  private final boolean noticed;
  private final Notice notice;
  private final SecretStore secrets;
  private final String secretKey;
  private Runnable beforeExitFlush; // set by start(), before any other thread sees it
  private ForgetOnDisable forgetting; // likewise
  private volatile Consent consent;
  private volatile Dispatcher dispatcher;
  private volatile TokenKeeper enrolled;

  /**
   * Logs what the environment's settings warn about, decides the consent in force and arms the
   * one-time notice; in inspect mode, says on stderr when nothing would be sent. Reads the app's
   * consent files, starts nothing.
   *
   * @param http the client's HTTP exchange (the dispatcher's and forgetting's)
   * @param counters where the dispatcher counts
   */
  public ConsentController(
      ConsentSettings settings,
      EnvSettings env,
      DispatcherSettings dispatch,
      Http http,
      Counters counters) {
    for (String warning : env.warnings) {
      Log.warn(warning);
    }
    this.settings = settings;
    this.env = env;
    this.dispatch = dispatch;
    this.http = http;
    this.counters = counters;
    this.userIds = new UserIds(env.configDir);
    this.saved = new SavedConsent(env.configDir, settings.appName);
    this.rules =
        new ConsentRules(
            env.variables,
            dispatch.migas,
            settings.appVariable,
            settings.appEnabled,
            settings.appDefault,
            saved,
            env.endpoint,
            env.endpointSource);
    this.interactive =
        settings.interactive != null
            ? settings.interactive
            : Notice.stderrIsTerminal() && !CiVendors.detect(env.variables).isCi();
    this.noticed = saved.noticeShown();
    this.consent = rules.decide().untilNoticed(noticed, interactive, settings.noticeBeforeSending);
    this.notice =
        new Notice(
            settings.appName != null ? settings.appName : "This application",
            env.endpoint == null ? "" : env.endpoint.getHost(),
            settings.enableCommand,
            settings.disableCommand,
            settings.appVariable,
            settings.stderr,
            saved);
    if (consent.undecided() && interactive) {
      notice.arm(settings.appDefault);
    }
    if (env.inspect && consent.mode() != ConsentMode.ON) {
      settings.stderr.println(
          "upkeep inspect: telemetry is " + consent + ": nothing would be sent");
    }
    this.secrets =
        settings.secretStore != null
            ? settings.secretStore
            : SecretStores.lazy(saved.dir() != null ? saved.dir() : Path.of("."));
    // a store key, not a secret: the app and the server (String.hashCode is the same in every JVM)
    this.secretKey =
        "install-"
            + SavedConsent.key(settings.appName)
            + "-"
            + Integer.toHexString(String.valueOf(env.endpoint).hashCode());
  }

  /**
   * Starts what the decision asks for: the enrolled install's tokens, forgetting (requests an
   * earlier run left are sent on a daemon thread), and the dispatcher unless consent is off; when
   * on, it delivers a previous run's spool at once, unless the notice holds it for this run's first
   * event (so that a run that records nothing, e.g. the app's disable command, sends nothing).
   *
   * @param beforeExitFlush runs in the dispatcher's shutdown hook before it flushes (closes the
   *     runs still open)
   */
  public void start(Runnable beforeExitFlush) {
    this.beforeExitFlush = beforeExitFlush;
    String project = saved.enrolledProject();
    if (project != null && env.endpoint != null) {
      enrolled = keeper(project);
    }
    if (settings.forgetOnDisable) {
      forgetting =
          ForgetOnDisable.start(
              saved.dir(),
              http,
              env.endpoint,
              dispatch.ingestKey,
              settings.userIdPolicy != UserIdPolicy.DERIVED
                  ? null
                  : () ->
                      UserIds.derive(
                          UserIds.userName(env.properties),
                          UserIds.hostName(env.variables, Path.of("/"))),
              dispatch.shutdownHook,
              dispatch.exitFlushMillis);
    }
    if (consent.mode() != ConsentMode.OFF) {
      Dispatcher d = open();
      if (settings.deliverSpoolAtStart
          && consent.mode() == ConsentMode.ON
          && !(consent.undecided() && noticed)) {
        d.start();
      }
    }
  }

  /** The consent in force and the setting that decided it. */
  public Consent current() {
    return consent;
  }

  /** The mode in force. */
  public ConsentMode mode() {
    return consent.mode();
  }

  /** Whether stderr is a person's terminal (the app's word, else detected). */
  public boolean interactive() {
    return interactive;
  }

  /** The precedence of the consent settings, for status output. */
  public String precedence() {
    return rules.precedence();
  }

  /** The user id file. */
  public UserIds userIds() {
    return userIds;
  }

  /** Deletes the user id file; whether one existed. Never throws. */
  public boolean clearUserId() {
    try {
      return userIds.clear();
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** The dispatcher, or null while consent is off. */
  public Dispatcher dispatcher() {
    return dispatcher;
  }

  /**
   * Delivers what is queued, waiting at most {@code timeoutMillis}; the rest is spooled.
   *
   * @return true if everything was delivered in time (or nothing was ever queued)
   */
  public boolean flush(long timeoutMillis) {
    Dispatcher d = dispatcher;
    return d == null || d.flush(timeoutMillis);
  }

  /** The enrolled install's tokens, or null. */
  public TokenKeeper enrolled() {
    return enrolled;
  }

  /**
   * Shows the one-time notice if it is due, then queues the crumb (the dispatcher must be open).
   */
  public void record(Crumb crumb) {
    notice.showIfDue();
    dispatcher.offer(crumb);
  }

  /** Why nothing leaves this computer, for a query that is not asked. */
  public String offReason() {
    Consent c = consent;
    return c.mode() == ConsentMode.LOCAL
        ? "telemetry is local, nothing leaves this computer: " + c.source()
        : "telemetry is off: " + c.source();
  }

  /** Saves {@code on} and applies the decision then in force; never throws. */
  public synchronized ConsentMode enable() {
    try {
      saved.save(ConsentMode.ON);
      return apply(rules.decide());
    } catch (RuntimeException e) {
      Log.debug("enable: " + e);
      return consent.mode();
    }
  }

  /**
   * Saves {@code off}, stops recording and deletes what was kept: queued and spooled events, the
   * user id and the enrolled install's tokens; with forgetting, asks the server to forget the user.
   * Never throws.
   */
  public synchronized ConsentMode disable() {
    try {
      saved.save(ConsentMode.OFF);
      apply(Consent.off("saved decision in " + saved.dir().resolve("consent")));
      Dispatcher d = dispatcher;
      if (d != null) {
        dispatcher = null; // a later enable() starts afresh
        d.stop();
        d.discardAll();
      }
      TokenKeeper a = enrolled;
      enrolled = null;
      if (forgetting != null) {
        Credentials c = a == null ? null : a.credentials();
        boolean valid = c != null && !c.expiresWithin(0, dispatch.clock.millis());
        forgetting.request(
            userIds.existing(), a == null ? null : a.project(), valid ? c.accessToken() : null);
      }
      userIds.clear();
      if (a != null) {
        a.forget();
        saved.saveEnrolled(null);
      }
    } catch (RuntimeException e) {
      consent = Consent.off("disabled");
      Log.debug("disable: " + e);
    }
    return consent.mode();
  }

  /**
   * Enrolls this install for {@code project} ({@link Enrollment}: the consent page, PKCE, the
   * loopback redirect; blocks until the user answers), then records the project, saves {@code on},
   * sends with the install's token from now on and applies the decision then in force. Refused
   * without a browser round trip when there is no project or endpoint, in inspect mode, or when an
   * opt-out setting (not a saved decision) turns telemetry off. Never throws.
   *
   * @param direct the enrollment's HTTP exchange, never printed in inspect mode
   */
  public Enrollment.Result enroll(String project, Http direct) {
    try {
      return enrollNow(project, direct);
    } catch (RuntimeException e) {
      Log.debug("enroll: " + e);
      return Enrollment.Result.failed(Enrollment.Outcome.FAILED, "enrollment failed: " + e);
    }
  }

  private Enrollment.Result enrollNow(String project, Http direct) {
    String refused = refusal(project);
    if (refused != null) {
      return Enrollment.Result.failed(Enrollment.Outcome.FAILED, refused);
    }
    Enrollment.Result r =
        Enrollment.run(
            direct,
            env.endpoint,
            project,
            settings.browser != null ? settings.browser : Browsers::open,
            settings.enrollmentTimeout,
            secrets,
            secretKey,
            dispatch.clock::millis);
    if (r.enrolled()) {
      enrolled(project);
    }
    return r;
  }

  private String refusal(String project) {
    if (project == null || project.isBlank()) {
      return "no project given";
    }
    if (env.endpoint == null) {
      return "no endpoint: " + env.endpointSource;
    }
    if (http.inspecting()) {
      return "inspect mode (" + EnvSettings.INSPECT + "): nothing is sent";
    }
    Consent c = rules.decide();
    return c.mode() == ConsentMode.OFF && !c.source().startsWith("saved decision")
        ? "telemetry is off: " + c.source()
        : null;
  }

  private synchronized void enrolled(String project) {
    saved.saveEnrolled(project);
    saved.save(ConsentMode.ON);
    enrolled = keeper(project);
    Dispatcher d = dispatcher;
    if (d != null) {
      d.auth(enrolled);
    }
    apply(rules.decide());
  }

  /** The tokens of the install enrolled for {@code project}. */
  private TokenKeeper keeper(String project) {
    return new TokenKeeper(
        new OAuthClient(http),
        env.endpoint,
        project,
        secrets,
        secretKey,
        () -> enrollmentEnded(project));
  }

  /** The server refused to refresh the install's token: keep data locally, and say so. */
  private synchronized void enrollmentEnded(String project) {
    Log.warn(
        "the server ended this install's enrollment for "
            + project
            + " (token refresh refused): usage data is kept on this computer until you enroll"
            + " again");
    enrolled = null;
    saved.saveEnrolled(null);
    Dispatcher d = dispatcher;
    if (d != null) {
      d.auth(null);
    }
    if (consent.mode() == ConsentMode.ON) {
      saved.save(ConsentMode.LOCAL);
      apply(rules.decide());
    }
  }

  private ConsentMode apply(Consent c) {
    consent = c;
    notice.disarm();
    if (c.mode() == ConsentMode.ON) {
      open().local(false);
    } else if (c.mode() == ConsentMode.LOCAL) {
      open().start();
    } else if (dispatcher != null) {
      dispatcher.local(true);
    }
    return c.mode();
  }

  /** The dispatcher, made on first need, kept local when the consent in force is LOCAL. */
  private synchronized Dispatcher open() {
    Dispatcher d = dispatcher;
    if (d == null) {
      d =
          new Dispatcher(
              dispatch,
              http,
              () -> Environment.detect(env.variables, env.properties, Path.of("/")),
              this::userId,
              counters);
      if (forgetting != null) {
        d.onDelivered(forgetting::delivered);
      }
      if (dispatch.shutdownHook) {
        Dispatcher opened = d;
        Runtime.getRuntime()
            .addShutdownHook(
                new Thread(
                    () -> {
                      beforeExitFlush.run();
                      opened.flushAtExit(dispatch.exitFlushMillis);
                    },
                    "upkeep-exit"));
      }
      dispatcher = d;
    }
    if (consent.mode() == ConsentMode.LOCAL) {
      d.local(true);
    }
    d.auth(enrolled);
    return d;
  }

  private String userId() {
    UserIdPolicy policy = settings.userIdPolicy;
    if (policy == UserIdPolicy.NONE || consent.mode() == ConsentMode.OFF) {
      return null;
    }
    return userIds.loadOrCreate(
        policy == UserIdPolicy.DERIVED,
        UserIds.userName(env.properties),
        UserIds.hostName(env.variables, Path.of("/")),
        () -> consent.mode() != ConsentMode.OFF); // disable() may have cleared the id meanwhile
  }
}
