package dev.upkeep.client;

import dev.upkeep.client.internal.Counters;
import dev.upkeep.client.internal.Digests;
import dev.upkeep.client.internal.Log;
import dev.upkeep.client.internal.consent.Consent;
import dev.upkeep.client.internal.consent.ConsentRules;
import dev.upkeep.client.internal.consent.ForgetOnDisable;
import dev.upkeep.client.internal.consent.Notice;
import dev.upkeep.client.internal.consent.SavedConsent;
import dev.upkeep.client.internal.consent.UserIds;
import dev.upkeep.client.internal.delivery.Crumb;
import dev.upkeep.client.internal.delivery.Dispatcher;
import dev.upkeep.client.internal.enroll.Browsers;
import dev.upkeep.client.internal.enroll.Credentials;
import dev.upkeep.client.internal.enroll.Enrollment;
import dev.upkeep.client.internal.enroll.OAuthClient;
import dev.upkeep.client.internal.enroll.SecretStores;
import dev.upkeep.client.internal.enroll.TokenKeeper;
import dev.upkeep.client.internal.env.CiVendors;
import dev.upkeep.client.internal.env.ConfigDirs;
import dev.upkeep.client.internal.env.Environment;
import dev.upkeep.client.internal.transport.Http;
import dev.upkeep.client.internal.transport.Proxies;
import dev.upkeep.client.internal.update.UpdateNotice;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

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
 * at most {@link Builder#exitFlushTimeout} (default 500 ms), then spools the rest.
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
 * Builder#noticeBeforeSending}.
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
  public static final String INSPECT_VARIABLE = "UPKEEP_INSPECT";

  /** Default longest wait for the user's answer on the consent page: 5 minutes. */
  public static final Duration DEFAULT_ENROLLMENT_TIMEOUT = Duration.ofMinutes(5);

  /** The variable that silences the update notice: {@value}. */
  public static final String NO_UPDATE_CHECK_VARIABLE = "UPKEEP_NO_UPDATE_CHECK";

  /** Default consent mode when nothing else decides: {@link ConsentMode#ON} (migas' default). */
  public static final ConsentMode DEFAULT_CONSENT = ConsentMode.ON;

  /**
   * Default of {@link Builder#noticeBeforeSending}: {@value}, a run that cannot show the one-time
   * notice sends as before (the run that shows it never does).
   */
  public static final boolean DEFAULT_NOTICE_BEFORE_SENDING = false;

  /** Default of {@link Builder#forgetOnDisable}: {@value}. */
  public static final boolean DEFAULT_FORGET_ON_DISABLE = false;

  private static final String VERSION = "0.1.0";

  private final ClientSettings settings;
  private final Clock clock;
  private final Counters counters = new Counters();
  private final OpenRuns runs = new OpenRuns();
  private final List<Map.Entry<Class<? extends Throwable>, ErrorHandler>> errorHandlers;
  private final UserIds userIds;
  private final SavedConsent saved;
  private final ConsentRules rules;
  private final String appName;
  private final long startNanos = System.nanoTime();
  private final java.util.function.Supplier<Dispatcher> dispatcherFactory;
  private final Notice notice;
  private final Http http;

  private final SecretStore secrets;
  private final String secretKey;
  private final java.util.function.Consumer<URI> browser;
  private final Duration enrollmentTimeout;
  private volatile TokenKeeper installAuth;

  /**
   * The projects delivered to and the requests to forget, with {@code forgetOnDisable}; else null.
   */
  private final ForgetOnDisable forgetting;

  private volatile Consent consent;
  private volatile Dispatcher dispatcher;
  private volatile Queries queries;
  private final UpdateNotice updates;
  private final String updatesState;

  private UpkeepClient(Builder b) {
    this.settings = new ClientSettings(b);
    this.clock = b.clock;
    this.errorHandlers = List.copyOf(b.errorHandlers);
    this.appName = b.appName;
    ConfigDirs dirs = ConfigDirs.detect(b.env, System::getProperty);
    Path configDir = b.configDir != null ? b.configDir : dirs.configDir();
    this.userIds = new UserIds(configDir);
    this.saved = new SavedConsent(configDir, b.appName);
    this.rules =
        new ConsentRules(
            b.env,
            settings.protocol == Protocol.MIGAS,
            b.consentVariable,
            b.enabled,
            b.defaultConsent,
            saved,
            settings.endpoint,
            settings.endpointSource);
    boolean interactive =
        b.interactive != null
            ? b.interactive
            : Notice.stderrIsTerminal() && !CiVendors.detect(b.env).isCi();
    boolean noticed = saved.noticeShown();
    this.consent = rules.decide().untilNoticed(noticed, interactive, b.noticeBeforeSending);
    this.notice =
        new Notice(
            b.appName != null ? b.appName : "This application",
            settings.endpoint == null ? "" : settings.endpoint.getHost(),
            b.enableCommand,
            b.disableCommand,
            b.consentVariable,
            b.stderr,
            saved);
    if (consent.undecided() && interactive) {
      notice.arm(b.defaultConsent);
    }
    boolean inspect = Consent.isSet(b.env.get(INSPECT_VARIABLE));
    this.http =
        new Http(
            new Proxies(b.env, System::getProperty),
            (int) settings.connectTimeout.toMillis(),
            (int) settings.readTimeout.toMillis(),
            "upkeep-client/"
                + VERSION
                + (b.appName == null ? "" : " " + b.appName + "/" + b.appVersion),
            inspect ? b.stderr : null);
    if (inspect && consent.mode() != ConsentMode.ON) {
      b.stderr.println("upkeep inspect: telemetry is " + consent + ": nothing would be sent");
    }
    this.secrets =
        b.secretStore != null
            ? b.secretStore
            : SecretStores.lazy(saved.dir() != null ? saved.dir() : Path.of("."));
    // a store key, not a secret: the app and the server (String.hashCode is the same in every JVM)
    this.secretKey =
        "install-"
            + SavedConsent.key(b.appName)
            + "-"
            + Integer.toHexString(String.valueOf(settings.endpoint).hashCode());
    this.browser = b.browser;
    this.enrollmentTimeout = b.enrollmentTimeout;
    String enrolled = saved.enrolledProject();
    if (enrolled != null && settings.endpoint != null) {
      installAuth = keeper(enrolled);
    }
    if (b.forgetOnDisable) {
      Map<String, String> env = b.env;
      this.forgetting =
          new ForgetOnDisable(
              saved.dir(),
              http,
              settings.endpoint,
              b.ingestKey,
              settings.userIdPolicy != UserIdPolicy.DERIVED
                  ? null
                  : () ->
                      UserIds.derive(
                          UserIds.userName(System::getProperty),
                          UserIds.hostName(env, Path.of("/"))));
      forgetting.resume();
      if (b.shutdownHook) {
        long exitTimeout = settings.exitFlushTimeout.toMillis();
        Runtime.getRuntime()
            .addShutdownHook(
                new Thread(() -> forgetting.awaitAtExit(exitTimeout), "upkeep-forget-exit"));
      }
    } else {
      this.forgetting = null;
    }
    Path cacheDir = cacheDir(dirs);
    boolean noUpdateCheck = Consent.isSet(b.env.get(NO_UPDATE_CHECK_VARIABLE));
    if (b.updateNotice && !noUpdateCheck && interactive) {
      this.updates =
          new UpdateNotice(
              cacheDir.resolve("checks"),
              (project, version) -> {
                ProjectCheck c = checkProject(project, version);
                return c.success()
                    ? new String[] {c.latest(), String.valueOf(c.flagged()), c.message()}
                    : null;
              },
              b.stderr,
              settings.executor);
      this.updatesState = "on (checked at most daily per project, in " + cacheDir + "/checks)";
    } else {
      this.updates = null;
      this.updatesState =
          "off ("
              + (!b.updateNotice
                  ? "disabled by the application"
                  : noUpdateCheck
                      ? NO_UPDATE_CHECK_VARIABLE + " is set"
                      : "stderr is not a terminal, or CI")
              + ")";
    }
    this.dispatcherFactory = dispatcherFactory(b, cacheDir, http);
    if (consent.mode() != ConsentMode.OFF) {
      Dispatcher d = openDispatcher();
      // after the notice, what was held leaves with this run's first event, so that a run that
      // records nothing (the app's disable command) sends nothing
      if (b.deliverSpoolAtStart
          && consent.mode() == ConsentMode.ON
          && !(consent.undecided() && noticed)) {
        d.start();
      }
    }
    if (consent.mode() == ConsentMode.ON) {
      this.queries = new Queries(http, settings.endpoint, settings.protocol);
    }
  }

  /** The user cache directory's {@code upkeep}, else one in the temporary directory. */
  private static Path cacheDir(ConfigDirs dirs) {
    return dirs.cacheDir() != null
        ? dirs.cacheDir()
        : Path.of(
            System.getProperty("java.io.tmpdir"), "upkeep-" + System.getProperty("user.name"));
  }

  private java.util.function.Supplier<Dispatcher> dispatcherFactory(
      Builder b, Path cacheDir, Http http) {
    boolean migas = settings.protocol == Protocol.MIGAS;
    Path configuredSpoolDir = b.spoolDir;
    UserIdPolicy policy = b.userIdPolicy;
    Map<String, String> env = b.env;
    int capacity = b.queueCapacity;
    int batchSize = b.batchSize;
    long linger = b.linger.toMillis();
    int spoolMaxFiles = b.spoolMaxFiles;
    long spoolMaxBytes = b.spoolMaxBytes;
    String sessionId = b.sessionId;
    String ingestKey = b.ingestKey;
    boolean hook = b.shutdownHook;
    long exitTimeout = settings.exitFlushTimeout.toMillis();
    return () -> {
      // the spool's place is hashed only now: no digest at startup while nothing is recorded
      Path spoolDir =
          configuredSpoolDir != null
              ? configuredSpoolDir
              : cacheDir
                  .resolve("spool")
                  .resolve(Digests.sha256Hex(settings.protocol + " " + settings.endpoint, 6));
      Dispatcher d =
          Dispatcher.open(
              migas,
              http,
              settings.endpoint,
              spoolDir,
              capacity,
              batchSize,
              linger,
              spoolMaxFiles,
              spoolMaxBytes,
              () -> Environment.detect(env, System::getProperty, Path.of("/")),
              () -> userId(policy, env),
              sessionId,
              counters);
      d.ingestKey(ingestKey);
      if (forgetting != null) {
        d.onDelivered(forgetting::delivered);
      }
      if (hook) {
        Runtime.getRuntime()
            .addShutdownHook(
                new Thread(
                    () -> {
                      runs.closeAllAtExit();
                      d.flushAtExit(exitTimeout);
                    },
                    "upkeep-exit"));
      }
      return d;
    };
  }

  /** The dispatcher, made on first need, kept local when the consent in force is LOCAL. */
  private synchronized Dispatcher openDispatcher() {
    Dispatcher d = dispatcher;
    if (d == null) {
      d = dispatcherFactory.get();
      dispatcher = d;
    }
    if (consent.mode() == ConsentMode.LOCAL) {
      d.local(true);
    }
    d.auth(installAuth);
    return d;
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
   * Builder#noticeBeforeSending}), though the app's default is on.
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
   * Saves the user's decision not to take part (as {@code off}), stops recording at once and
   * deletes what was kept: queued and spooled events, pending reports and the user id. With {@link
   * Builder#forgetOnDisable}, it also asks the server, in the background, to forget what it holds
   * under the user id in the projects this app sent events to. Never throws; thread-safe.
   *
   * @return the mode in force afterwards ({@link ConsentMode#OFF})
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
      TokenKeeper a = installAuth;
      installAuth = null;
      if (forgetting != null) {
        Credentials c = a == null ? null : a.credentials();
        boolean valid = c != null && !c.expiresWithin(0, clock.millis());
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

  private ConsentMode apply(Consent c) {
    consent = c;
    notice.disarm();
    if (c.mode() == ConsentMode.ON) {
      openDispatcher().local(false);
    } else if (c.mode() == ConsentMode.LOCAL) {
      openDispatcher().start();
    } else if (dispatcher != null) {
      dispatcher.local(true);
    }
    if (c.mode() == ConsentMode.ON && queries == null) {
      queries = new Queries(http, settings.endpoint, settings.protocol);
    }
    return c.mode();
  }

  /**
   * Enrolls this install with the server (otumat's model, done safely): opens the server's consent
   * page through {@link Builder#browser} (default: the desktop browser, and the link printed on
   * stderr), waits up to {@link Builder#enrollmentTimeout} (default 5 minutes) for the answer on a
   * {@code 127.0.0.1} redirect, proves the request with PKCE ({@code S256}, {@code state}), and
   * keeps the install's tokens in the OS keyring (with {@code upkeep-client-keyring}) or a 0600
   * file in the app's config directory. Then uploads are on (saved as {@code on}) and what was kept
   * locally is sent, with the install's token, from the app's own sender thread; tokens are
   * refreshed before they expire. When the server refuses a refresh (the install was revoked) the
   * client falls back to {@link ConsentMode#LOCAL}, saying so in a warning, never to a silent
   * opt-out.
   *
   * <p>Blocks the calling thread until the user answers: call it from a command the user ran (e.g.
   * {@code mytool telemetry enroll}), never from a tracking path. Refused without a browser round
   * trip when an opt-out variable is set, in inspect mode, or without an endpoint. Never throws;
   * thread-safe.
   *
   * @param project the project to enroll for, {@code owner/name} as registered on the server
   */
  public EnrollmentResult enroll(String project) {
    try {
      if (project == null || project.isBlank()) {
        return EnrollmentResult.failed("no project given");
      }
      if (settings.endpoint == null) {
        return EnrollmentResult.failed("no endpoint: " + settings.endpointSource);
      }
      if (http.inspecting()) {
        return EnrollmentResult.failed("inspect mode (" + INSPECT_VARIABLE + "): nothing is sent");
      }
      Consent c = rules.decide();
      if (c.mode() == ConsentMode.OFF && !c.source().startsWith("saved decision")) {
        return EnrollmentResult.failed("telemetry is off: " + c.source());
      }
      Http direct =
          new Http(
              new Proxies(rules.env(), System::getProperty),
              (int) settings.connectTimeout.toMillis(),
              (int) settings.readTimeout.toMillis(),
              "upkeep-client/" + VERSION);
      Enrollment.Result r =
          Enrollment.run(
              direct,
              settings.endpoint,
              project,
              browser != null ? browser : Browsers::open,
              enrollmentTimeout,
              secrets,
              secretKey);
      if (!r.enrolled()) {
        return EnrollmentResult.failed(r.reason());
      }
      synchronized (this) {
        saved.saveEnrolled(project);
        saved.save(ConsentMode.ON);
        installAuth = keeper(project);
        Dispatcher d = dispatcher;
        if (d != null) {
          d.auth(installAuth);
        }
        apply(rules.decide());
      }
      return EnrollmentResult.enrolled(r.installId());
    } catch (RuntimeException e) {
      Log.debug("enroll: " + e);
      return EnrollmentResult.failed("enrollment failed: " + e);
    }
  }

  private TokenKeeper keeper(String project) {
    return new TokenKeeper(
        new OAuthClient(http),
        settings.endpoint,
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
    installAuth = null;
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

  /**
   * A new usage report for a project (usagestats' model); see {@link Report}. Nothing is recorded
   * before {@link Report#submit}. Never throws.
   */
  public Report report(String project, String version) {
    return new Report(this, project, version);
  }

  /**
   * Records a breadcrumb (status {@code R}) with optional attributes, kept in order.
   *
   * @param attributes extra key/value pairs (Upkeep protocol only), or null
   */
  public void addBreadcrumb(String project, String version, Map<String, String> attributes) {
    if (!recording(project) || version == null) {
      return;
    }
    try {
      List<Map.Entry<String, String>> pairs = List.of();
      if (attributes != null && !attributes.isEmpty()) {
        pairs = new ArrayList<>(attributes.size());
        for (Map.Entry<String, String> e : attributes.entrySet()) {
          if (e.getKey() != null && e.getValue() != null) {
            pairs.add(new AbstractMap.SimpleImmutableEntry<>(e.getKey(), e.getValue()));
          }
        }
      }
      offer(null, project, version, "R", null, null, null, pairs);
    } catch (RuntimeException e) {
      Log.debug("addBreadcrumb: " + e);
    }
  }

  /** Records a breadcrumb without attributes. */
  public void addBreadcrumb(String project, String version) {
    addBreadcrumb(project, version, null);
  }

  /**
   * Starts a tracked run: sends {@code R} "Started" now and the final status when the returned
   * tracker is closed (or at JVM exit). While a run of the same project and version is open, the
   * same tracker is returned and nothing is sent again.
   */
  public Tracker track(String project, String version) {
    if (!recording(project) || version == null) {
      return Tracker.noop(project, version);
    }
    try {
      Tracker t = new Tracker(this, project, version);
      Tracker existing = runs.open(t);
      if (existing != null) {
        return existing;
      }
      offer(null, project, version, "R", "Started", null, null, List.of());
      notifyUpdates(project, version);
      return t;
    } catch (RuntimeException e) {
      Log.debug("track: " + e);
      return Tracker.noop(project, version);
    }
  }

  /**
   * Tells the user, in one line on stderr, when a newer version of the project exists or this one
   * is flagged (with the server's reason and advice); {@link #track} does it for its project. Never
   * delays the caller: the check runs on the {@link Builder#executor}, at most once a day per
   * project and version (the answer is kept in the user cache directory's {@code checks}), and an
   * answer that arrives after the app ended is shown by its next run. Silent when {@value
   * #NO_UPDATE_CHECK_VARIABLE} is set, when consent is not {@link ConsentMode#ON} (an opt-out
   * variable, LOCAL: nothing leaves the computer), when stderr is not a terminal or a CI service
   * runs the app (see {@link Builder#interactive}), or with {@link Builder#updateNotice
   * updateNotice(false)}. Never throws.
   */
  public void notifyUpdates(String project, String version) {
    if (updates != null && consent.mode() == ConsentMode.ON && !Silence.covers(appName, project)) {
      updates.request(project, version);
    }
  }

  /**
   * Asks the server whether a newer version exists and whether this one is flagged. Blocks for at
   * most the connect and read timeouts; see {@link #checkProjectAsync} to not wait at all.
   */
  public ProjectCheck checkProject(String project, String version) {
    Queries q = queries;
    if (q == null || consent.mode() != ConsentMode.ON) {
      return ProjectCheck.failure(offReason());
    }
    return q.checkProject(project, version);
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
    Queries q = queries;
    if (q == null || consent.mode() != ConsentMode.ON) {
      return UsageCount.failure(offReason());
    }
    return q.usage(project, from, to, unique);
  }

  /** Deletes the stored user id file; returns whether one existed. Never throws. */
  public boolean clearUserId() {
    try {
      return userIds.clear();
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * Delivers what is queued, waiting at most {@code timeout}; the rest is spooled.
   *
   * @return true if everything was delivered in time
   */
  public boolean flush(Duration timeout) {
    Dispatcher d = dispatcher;
    return d == null || d.flush(timeout.toMillis());
  }

  /** What happened to events so far. */
  public DeliveryStats stats() {
    return new DeliveryStats(counters);
  }

  /** The configuration, the consent decision and where it came from, and the counters. */
  public String status() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("telemetry", consent.toString());
    m.put("precedence", rules.precedence());
    m.put(
        "endpoint",
        settings.endpoint == null
            ? "none: " + settings.endpointSource
            : settings.endpoint + " (" + settings.endpointSource + ")");
    m.put("protocol", settings.protocol.toString());
    m.put(
        "timeouts",
        "connect "
            + settings.connectTimeout.toMillis()
            + " ms, read "
            + settings.readTimeout.toMillis()
            + " ms ("
            + settings.timeoutSource
            + ")");
    m.put(
        "user id",
        settings.userIdPolicy
            + ", "
            + (userIds.file() == null
                ? "no config directory"
                : userIds.file() + (Files.exists(userIds.file()) ? "" : " (not created)")));
    Dispatcher d = dispatcher;
    if (d != null) {
      m.put("queue", d.depth() + " of " + settings.queueCapacity + " events waiting");
      m.put("spool", d.spoolDir().toString());
    }
    TokenKeeper a = installAuth;
    m.put(
        "enrollment",
        a == null
            ? "not enrolled"
            : "enrolled for " + a.project() + " (tokens in the secret store)");
    m.put("update notice", updatesState);
    if (http.inspecting()) {
      m.put("inspect", INSPECT_VARIABLE + " is set: requests are printed, nothing is sent");
    }
    m.put("events", stats().toString());
    StringBuilder out = new StringBuilder("upkeep client ").append(VERSION).append('\n');
    m.forEach((k, v) -> out.append("  ").append(k).append(": ").append(v).append('\n'));
    return out.toString();
  }

  // --- package-private collaboration with Tracker ---

  RunOutcome outcomeOf(Throwable error) {
    for (Map.Entry<Class<? extends Throwable>, ErrorHandler> h : errorHandlers) {
      if (h.getKey().isInstance(error)) {
        try {
          RunOutcome o = h.getValue().handle(error);
          if (o != null) {
            return o;
          }
        } catch (RuntimeException e) {
          Log.debug("error handler failed: " + e);
        }
      }
    }
    return RunOutcome.failed(error);
  }

  void finished(Tracker t, RunOutcome o) {
    runs.closed(t);
    try {
      offer(
          null,
          t.project(),
          t.version(),
          o.status(),
          o.statusDesc(),
          o.errorType(),
          o.errorDesc(),
          List.of());
    } catch (RuntimeException e) {
      Log.debug("final breadcrumb: " + e);
    }
  }

  /** Whether calls for this project are recorded now (consent not off, not silenced). */
  private boolean recording(String project) {
    return project != null
        && consent.mode() != ConsentMode.OFF
        && dispatcher != null
        && !Silence.covers(appName, project);
  }

  void submitReport(String project, String version, List<Map.Entry<String, String>> pairs) {
    if (!recording(project) || version == null) {
      return;
    }
    if (settings.protocol == Protocol.MIGAS) {
      counters.rejected.incrementAndGet();
      Log.debug("reports need the Upkeep protocol; migas has no place for them");
      return;
    }
    offer("report", project, version, "C", null, null, null, pairs);
  }

  /** Seconds since the client was built, millisecond precision, e.g. {@code 12.345}. */
  String sessionSeconds() {
    return String.format(java.util.Locale.ROOT, "%.3f", (System.nanoTime() - startNanos) / 1e9);
  }

  private String offReason() {
    Consent c = consent;
    return c.mode() == ConsentMode.LOCAL
        ? "telemetry is local, nothing leaves this computer: " + c.source()
        : "telemetry is off: " + c.source();
  }

  private void offer(
      String kind,
      String project,
      String version,
      String status,
      String statusDesc,
      String errorType,
      String errorDesc,
      List<Map.Entry<String, String>> attributes) {
    notice.showIfDue();
    dispatcher.offer(
        new Crumb(
            kind,
            project,
            version,
            clock.millis(),
            status,
            statusDesc,
            errorType,
            errorDesc,
            attributes));
  }

  private String userId(UserIdPolicy policy, Map<String, String> env) {
    if (policy == UserIdPolicy.NONE || consent.mode() == ConsentMode.OFF) {
      return null;
    }
    return userIds.loadOrCreate(
        policy == UserIdPolicy.DERIVED,
        UserIds.userName(System::getProperty),
        UserIds.hostName(env, Path.of("/")),
        () -> consent.mode() != ConsentMode.OFF); // disable() may have cleared the id meanwhile
  }

  /**
   * Builds a client. Every setting has a default ({@code DEFAULT_*}); setters validate and name the
   * setting in their {@link IllegalArgumentException}. Not thread-safe; the client is.
   */
  public static final class Builder {
    URI endpoint;
    Protocol protocol = Protocol.UPKEEP;
    Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    Duration readTimeout = DEFAULT_READ_TIMEOUT;
    String appName;
    String appVersion;
    UserIdPolicy userIdPolicy = UserIdPolicy.DERIVED;
    String sessionId;
    String ingestKey;
    int queueCapacity = DEFAULT_QUEUE_CAPACITY;
    int batchSize = DEFAULT_BATCH_SIZE;
    Duration linger = DEFAULT_LINGER;
    int spoolMaxFiles = DEFAULT_SPOOL_MAX_FILES;
    long spoolMaxBytes = DEFAULT_SPOOL_MAX_BYTES;
    Path spoolDir;
    Path configDir;
    Duration exitFlushTimeout = DEFAULT_EXIT_FLUSH_TIMEOUT;
    boolean enabled = true;
    ConsentMode defaultConsent = DEFAULT_CONSENT;
    boolean noticeBeforeSending = DEFAULT_NOTICE_BEFORE_SENDING;
    String consentVariable;
    String enableCommand;
    String disableCommand;
    Boolean interactive;
    PrintStream stderr = System.err;
    SecretStore secretStore;
    java.util.function.Consumer<URI> browser;
    Duration enrollmentTimeout = DEFAULT_ENROLLMENT_TIMEOUT;
    boolean updateNotice = true;
    boolean shutdownHook = true;
    boolean deliverSpoolAtStart = true;
    boolean forgetOnDisable = DEFAULT_FORGET_ON_DISABLE;
    Clock clock = Clock.systemUTC();
    Executor executor =
        command -> {
          Thread t = new Thread(command, "upkeep-query");
          t.setDaemon(true);
          t.start();
        };
    Map<String, String> env = System.getenv();
    final List<Map.Entry<Class<? extends Throwable>, ErrorHandler>> errorHandlers =
        new ArrayList<>();

    private Builder() {}

    /**
     * The server: for the Upkeep protocol its base URL ({@code https://host}); for migas the base
     * URL or the GraphQL URL ({@code https://host/graphql}). {@code UPKEEP_ENDPOINT} overrides it.
     * Without any endpoint telemetry is off.
     */
    public Builder endpoint(String endpoint) {
      URI uri = endpoint == null ? null : ClientSettings.httpUri(endpoint.trim());
      if (uri == null) {
        throw new IllegalArgumentException(
            "endpoint must be an http(s) URL, was \"" + endpoint + "\"");
      }
      this.endpoint = uri;
      return this;
    }

    /** Upkeep's batched API (default) or migas. */
    public Builder protocol(Protocol protocol) {
      this.protocol = java.util.Objects.requireNonNull(protocol, "protocol");
      return this;
    }

    /** Connect timeout (default 2 s); {@code UPKEEP_TIMEOUT} (seconds) overrides both. */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive("connectTimeout", timeout);
      return this;
    }

    /** Read timeout (default 5 s). */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = positive("readTimeout", timeout);
      return this;
    }

    /** The application's name and version, sent in the User-Agent. */
    public Builder app(String name, String version) {
      this.appName = name;
      this.appVersion = version;
      return this;
    }

    /** How the user id is made (default {@link UserIdPolicy#DERIVED}). */
    public Builder userIdPolicy(UserIdPolicy policy) {
      this.userIdPolicy = java.util.Objects.requireNonNull(policy, "userIdPolicy");
      return this;
    }

    /** The session id sent with every event (default: a random UUID per client). */
    public Builder sessionId(String sessionId) {
      this.sessionId = sessionId;
      return this;
    }

    /**
     * The project's ingest key, sent as {@code X-Upkeep-Ingest-Key} with every batch to Upkeep's
     * {@code /v1/events} (default: none). Needed only when the project's maintainer turned one on
     * ({@code upkeep project ingest-key NAME --rotate}); it is public, so embedding it in the app
     * is expected. Ignored with the migas protocol.
     */
    public Builder ingestKey(String key) {
      this.ingestKey = key;
      return this;
    }

    /** Events held in memory before new ones are dropped (default 1000). */
    public Builder queueCapacity(int capacity) {
      this.queueCapacity = positive("queueCapacity", capacity);
      return this;
    }

    /** Largest batch per request (default 100, at most 1000). */
    public Builder batchSize(int size) {
      if (size < 1 || size > 1000) {
        throw new IllegalArgumentException("batchSize must be between 1 and 1000, was " + size);
      }
      this.batchSize = size;
      return this;
    }

    /** Longest time an event waits to fill a batch (default 1 s). */
    public Builder linger(Duration linger) {
      this.linger = positive("linger", linger);
      return this;
    }

    /** Spool caps (defaults 100 files, 5 MiB); the oldest batches are dropped beyond them. */
    public Builder spoolLimits(int maxFiles, long maxBytes) {
      this.spoolMaxFiles = positive("spool maxFiles", maxFiles);
      if (maxBytes < 1) {
        throw new IllegalArgumentException("spool maxBytes must be positive, was " + maxBytes);
      }
      this.spoolMaxBytes = maxBytes;
      return this;
    }

    /** Where unsent batches wait (default: the user cache directory's {@code upkeep/spool}). */
    public Builder spoolDir(Path dir) {
      this.spoolDir = dir;
      return this;
    }

    /** Where {@code user_id} lives (default: the user config directory's {@code upkeep}). */
    public Builder configDir(Path dir) {
      this.configDir = dir;
      return this;
    }

    /** Longest wait for delivery at JVM exit before spooling (default 500 ms). */
    public Builder exitFlushTimeout(Duration timeout) {
      this.exitFlushTimeout = positive("exitFlushTimeout", timeout);
      return this;
    }

    /**
     * The application's runtime switch (e.g. from its own {@code --no-telemetry} option): false
     * turns telemetry off at the rank of the app's own variable, above the user's saved decision;
     * true (the default) leaves the decision to the saved decision and the default.
     */
    public Builder enabled(boolean enabled) {
      this.enabled = enabled;
      return this;
    }

    /**
     * The mode while the user has not decided (default {@link #DEFAULT_CONSENT}, on). {@link
     * ConsentMode#LOCAL} keeps everything on this computer until {@link UpkeepClient#enable()}, as
     * usagestats and Go's telemetry do.
     */
    public Builder defaultConsent(ConsentMode mode) {
      this.defaultConsent = java.util.Objects.requireNonNull(mode, "defaultConsent");
      return this;
    }

    /**
     * The app's own consent variable, e.g. {@code MYTOOL_TELEMETRY}, read as {@code on}, {@code
     * local} or {@code off} (see {@link ConsentMode#parse}; an unknown value means off). It ranks
     * below {@code DO_NOT_TRACK} and {@code UPKEEP_OPTOUT} and above the saved decision. Default:
     * none.
     */
    public Builder consentVariable(String name) {
      if (name == null || !name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
        throw new IllegalArgumentException(
            "consentVariable must be an environment variable name, was \"" + name + "\"");
      }
      this.consentVariable = name;
      return this;
    }

    /**
     * The commands the one-time notice tells the user to run to turn uploading on and off, e.g.
     * {@code mytool telemetry on}; the app runs {@link UpkeepClient#enable()} / {@link
     * UpkeepClient#disable()} for them. Default: none (the notice names the app's variable or
     * {@code DO_NOT_TRACK}).
     */
    public Builder noticeCommands(String enableCommand, String disableCommand) {
      this.enableCommand = enableCommand;
      this.disableCommand = disableCommand;
      return this;
    }

    /**
     * Whether stderr is a person's terminal: the one-time consent notice and the update notice are
     * printed only then, and a consent notice printed then counts as shown (see {@link
     * #noticeBeforeSending}). Default: when this process's stderr is a terminal (on Linux read from
     * {@code /proc/self/fd/2}; elsewhere, when the JVM has a console) and no CI service is detected
     * ({@code CI=false} says there is none). Pass true only when the app knows the notice reaches a
     * person; false e.g. when it redirects {@code System.err} to a log. The client never prompts or
     * waits either way.
     */
    public Builder interactive(boolean interactive) {
      this.interactive = interactive;
      return this;
    }

    /**
     * What runs that cannot show the one-time notice do while the user has not decided and the
     * app's default is on ({@link #defaultConsent}): runs whose stderr is not a person's terminal
     * ({@link #interactive}), e.g. CI jobs, cron jobs, output piped to a file. The run that shows
     * the notice never sends (its events leave with the next run) whatever this says.
     *
     * <ul>
     *   <li>{@code true}: such runs keep their events on this computer (in the spool, within {@link
     *       #spoolLimits}) until a run has shown the notice on a terminal; the run after it sends
     *       them all. On a machine where nobody runs the app on a terminal nothing is ever sent.
     *       For apps that want no byte sent before a person read the notice.
     *   <li>{@code false}, the default ({@link UpkeepClient#DEFAULT_NOTICE_BEFORE_SENDING}): such
     *       runs send, as before this setting existed. An app whose default is on has chosen to
     *       count runs nobody watches, and Homebrew's rule concerns the run that shows the notice;
     *       keeping that default leaves existing apps' behaviour unchanged.
     * </ul>
     *
     * Ignored once the user decided, when the default is {@link ConsentMode#LOCAL} or {@link
     * ConsentMode#OFF}, and when a setting turns telemetry off. No exception.
     */
    public Builder noticeBeforeSending(boolean hold) {
      this.noticeBeforeSending = hold;
      return this;
    }

    /**
     * How {@link UpkeepClient#enroll} shows the consent page (default: prints the link on stderr
     * and asks the desktop's browser to open it). Runs on the enrolling thread; must not block
     * until the user answered.
     */
    public Builder browser(java.util.function.Consumer<URI> opener) {
      this.browser = java.util.Objects.requireNonNull(opener, "browser");
      return this;
    }

    /** Longest wait for the user's answer on the consent page (default 5 minutes). */
    public Builder enrollmentTimeout(Duration timeout) {
      this.enrollmentTimeout = positive("enrollmentTimeout", timeout);
      return this;
    }

    /**
     * Where an enrolled install's tokens are kept (default: the first usable {@link SecretStore}
     * found by {@link java.util.ServiceLoader}, e.g. {@code upkeep-client-keyring}'s OS keyring,
     * else a 0600 file in the app's config directory).
     */
    public Builder secretStore(SecretStore store) {
      this.secretStore = java.util.Objects.requireNonNull(store, "secretStore");
      return this;
    }

    /**
     * Whether {@link UpkeepClient#track} tells the user about newer or flagged versions (default
     * true); see {@link UpkeepClient#notifyUpdates} for when it stays silent anyway.
     */
    public Builder updateNotice(boolean on) {
      this.updateNotice = on;
      return this;
    }

    /** Where the notice is printed (default {@code System.err}; for tests). */
    Builder stderr(PrintStream stderr) {
      this.stderr = java.util.Objects.requireNonNull(stderr, "stderr");
      return this;
    }

    /** Whether to install the JVM shutdown hook (default true). */
    public Builder shutdownHook(boolean install) {
      this.shutdownHook = install;
      return this;
    }

    /**
     * Whether to start delivering a previous run's spool at once (default true). While the user has
     * not decided and the one-time notice was shown, it leaves with this run's first event instead,
     * so that a run that records nothing (e.g. the app's disable command) sends nothing.
     */
    public Builder deliverSpoolAtStart(boolean deliver) {
      this.deliverSpoolAtStart = deliver;
      return this;
    }

    /**
     * Whether {@link UpkeepClient#disable()} also asks the server to forget the user (default
     * {@value UpkeepClient#DEFAULT_FORGET_ON_DISABLE}): what it holds under the user id in each
     * project this app delivered events to since the setting was on (recorded in {@code
     * <config>/apps/<app>/projects}), with {@code POST /v1/projects/{owner}/{name}/forget}, the
     * ingest key and, while valid, the enrolled install's token. The request is sent on a daemon
     * thread, the JVM's exit waits for it up to {@link #exitFlushTimeout}, and what is left
     * unanswered ({@code <config>/apps/<app>/forget}) is sent by the app's next run. An Upkeep
     * collector carries it out within the hour and revokes the install; a migas-server, which has
     * no such route, answers 404 and nothing more is asked.
     */
    public Builder forgetOnDisable(boolean forget) {
      this.forgetOnDisable = forget;
      return this;
    }

    /** The clock stamping events (default UTC system clock). */
    public Builder clock(Clock clock) {
      this.clock = java.util.Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Runs {@code *Async} queries (default: a new daemon thread per query). */
    public Builder executor(Executor executor) {
      this.executor = java.util.Objects.requireNonNull(executor, "executor");
      return this;
    }

    /** The environment variables read (default {@code System.getenv()}; for tests). */
    public Builder environment(Map<String, String> env) {
      this.env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
      return this;
    }

    /**
     * Maps exceptions of a type (and its subtypes) to a run outcome; the first registered match
     * wins.
     */
    public <T extends Throwable> Builder errorHandler(Class<T> type, ErrorHandler handler) {
      errorHandlers.add(
          new AbstractMap.SimpleImmutableEntry<>(
              java.util.Objects.requireNonNull(type, "type"),
              java.util.Objects.requireNonNull(handler, "handler")));
      return this;
    }

    /** The client. Starts no thread until the first event (or spool delivery). */
    public UpkeepClient build() {
      return new UpkeepClient(this);
    }

    private static Duration positive(String name, Duration d) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, was " + d);
      }
      return d;
    }

    private static int positive(String name, int v) {
      if (v < 1) {
        throw new IllegalArgumentException(name + " must be positive, was " + v);
      }
      return v;
    }
  }
}
