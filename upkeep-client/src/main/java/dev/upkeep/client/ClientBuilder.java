package dev.upkeep.client;

import dev.upkeep.client.internal.consent.ConsentSettings;
import dev.upkeep.client.internal.delivery.DispatcherSettings;
import dev.upkeep.client.internal.env.EnvSettings;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * The setters of {@link UpkeepClient.Builder}, in a file of their own; get a builder from {@link
 * UpkeepClient#builder()}. Every setting has a default ({@code DEFAULT_*} of {@link UpkeepClient});
 * setters validate and name the setting in their {@link IllegalArgumentException}, and return the
 * same builder. The environment's settings are applied over these by {@link #build()}. Not
 * thread-safe; the client is.
 */
public abstract class ClientBuilder {
  private URI endpoint;
  private Protocol protocol = Protocol.UPKEEP;
  private Duration connectTimeout = UpkeepClient.DEFAULT_CONNECT_TIMEOUT;
  private Duration readTimeout = UpkeepClient.DEFAULT_READ_TIMEOUT;
  private String appName;
  private String appVersion;
  private UserIdPolicy userIdPolicy = UserIdPolicy.DERIVED;
  private String sessionId;
  private String ingestKey;
  private int queueCapacity = UpkeepClient.DEFAULT_QUEUE_CAPACITY;
  private int batchSize = UpkeepClient.DEFAULT_BATCH_SIZE;
  private Duration linger = UpkeepClient.DEFAULT_LINGER;
  private int spoolMaxFiles = UpkeepClient.DEFAULT_SPOOL_MAX_FILES;
  private long spoolMaxBytes = UpkeepClient.DEFAULT_SPOOL_MAX_BYTES;
  private Path spoolDir;
  private Path configDir;
  private Duration exitFlushTimeout = UpkeepClient.DEFAULT_EXIT_FLUSH_TIMEOUT;
  private boolean enabled = true;
  private ConsentMode defaultConsent = UpkeepClient.DEFAULT_CONSENT;
  private boolean noticeBeforeSending = UpkeepClient.DEFAULT_NOTICE_BEFORE_SENDING;
  private String consentVariable;
  private String enableCommand;
  private String disableCommand;
  private Boolean interactive;
  private PrintStream stderr = System.err;
  private SecretStore secretStore;
  private java.util.function.Consumer<URI> browser;
  private Duration enrollmentTimeout = UpkeepClient.DEFAULT_ENROLLMENT_TIMEOUT;
  private boolean updateNotice = true;
  private boolean shutdownHook = true;
  private boolean deliverSpoolAtStart = true;
  private boolean forgetOnDisable = UpkeepClient.DEFAULT_FORGET_ON_DISABLE;
  private Clock clock = Clock.systemUTC();
  private Executor executor =
      command -> {
        Thread t = new Thread(command, "upkeep-query");
        t.setDaemon(true);
        t.start();
      };
  private Map<String, String> env = EnvSettings.process();
  private final List<Map.Entry<Class<? extends Throwable>, ErrorHandler>> errorHandlers =
      new ArrayList<>();

  ClientBuilder() {}

  /**
   * The server: for the Upkeep protocol its base URL ({@code https://host}); for migas the base URL
   * or the GraphQL URL ({@code https://host/graphql}). {@code UPKEEP_ENDPOINT} overrides it.
   * Without any endpoint telemetry is off.
   */
  public UpkeepClient.Builder endpoint(String endpoint) {
    URI uri = endpoint == null ? null : EnvSettings.httpUri(endpoint.trim());
    if (uri == null) {
      throw new IllegalArgumentException(
          "endpoint must be an http(s) URL, was \"" + endpoint + "\"");
    }
    this.endpoint = uri;
    return self();
  }

  /** Upkeep's batched API (default) or migas. */
  public UpkeepClient.Builder protocol(Protocol protocol) {
    this.protocol = java.util.Objects.requireNonNull(protocol, "protocol");
    return self();
  }

  /** Connect timeout (default 2 s); {@code UPKEEP_TIMEOUT} (seconds) overrides both. */
  public UpkeepClient.Builder connectTimeout(Duration timeout) {
    this.connectTimeout = positive("connectTimeout", timeout);
    return self();
  }

  /** Read timeout (default 5 s). */
  public UpkeepClient.Builder readTimeout(Duration timeout) {
    this.readTimeout = positive("readTimeout", timeout);
    return self();
  }

  /** The application's name and version, sent in the User-Agent. */
  public UpkeepClient.Builder app(String name, String version) {
    this.appName = name;
    this.appVersion = version;
    return self();
  }

  /** How the user id is made (default {@link UserIdPolicy#DERIVED}). */
  public UpkeepClient.Builder userIdPolicy(UserIdPolicy policy) {
    this.userIdPolicy = java.util.Objects.requireNonNull(policy, "userIdPolicy");
    return self();
  }

  /** The session id sent with every event (default: a random UUID per client). */
  public UpkeepClient.Builder sessionId(String sessionId) {
    this.sessionId = sessionId;
    return self();
  }

  /**
   * The project's ingest key, sent as {@code X-Upkeep-Ingest-Key} with every batch to Upkeep's
   * {@code /v1/events} (default: none). Needed only when the project's maintainer turned one on
   * ({@code upkeep project ingest-key NAME --rotate}); it is public, so embedding it in the app is
   * expected. Ignored with the migas protocol.
   */
  public UpkeepClient.Builder ingestKey(String key) {
    this.ingestKey = key;
    return self();
  }

  /** Events held in memory before new ones are dropped (default 1000). */
  public UpkeepClient.Builder queueCapacity(int capacity) {
    this.queueCapacity = positive("queueCapacity", capacity);
    return self();
  }

  /** Largest batch per request (default 100, at most 1000). */
  public UpkeepClient.Builder batchSize(int size) {
    if (size < 1 || size > 1000) {
      throw new IllegalArgumentException("batchSize must be between 1 and 1000, was " + size);
    }
    this.batchSize = size;
    return self();
  }

  /** Longest time an event waits to fill a batch (default 1 s). */
  public UpkeepClient.Builder linger(Duration linger) {
    this.linger = positive("linger", linger);
    return self();
  }

  /** Spool caps (defaults 100 files, 5 MiB); the oldest batches are dropped beyond them. */
  public UpkeepClient.Builder spoolLimits(int maxFiles, long maxBytes) {
    this.spoolMaxFiles = positive("spool maxFiles", maxFiles);
    if (maxBytes < 1) {
      throw new IllegalArgumentException("spool maxBytes must be positive, was " + maxBytes);
    }
    this.spoolMaxBytes = maxBytes;
    return self();
  }

  /** Where unsent batches wait (default: the user cache directory's {@code upkeep/spool}). */
  public UpkeepClient.Builder spoolDir(Path dir) {
    this.spoolDir = dir;
    return self();
  }

  /** Where {@code user_id} lives (default: the user config directory's {@code upkeep}). */
  public UpkeepClient.Builder configDir(Path dir) {
    this.configDir = dir;
    return self();
  }

  /** Longest wait for delivery at JVM exit before spooling (default 500 ms). */
  public UpkeepClient.Builder exitFlushTimeout(Duration timeout) {
    this.exitFlushTimeout = positive("exitFlushTimeout", timeout);
    return self();
  }

  /**
   * The application's runtime switch (e.g. from its own {@code --no-telemetry} option): false turns
   * telemetry off at the rank of the app's own variable, above the user's saved decision; true (the
   * default) leaves the decision to the saved decision and the default.
   */
  public UpkeepClient.Builder enabled(boolean enabled) {
    this.enabled = enabled;
    return self();
  }

  /**
   * The mode while the user has not decided (default {@link UpkeepClient#DEFAULT_CONSENT}, on).
   * {@link ConsentMode#LOCAL} keeps everything on this computer until {@link
   * UpkeepClient#enable()}, as usagestats and Go's telemetry do.
   */
  public UpkeepClient.Builder defaultConsent(ConsentMode mode) {
    this.defaultConsent = java.util.Objects.requireNonNull(mode, "defaultConsent");
    return self();
  }

  /**
   * The app's own consent variable, e.g. {@code MYTOOL_TELEMETRY}, read as {@code on}, {@code
   * local} or {@code off} (see {@link ConsentMode#parse}; an unknown value means off). It ranks
   * below {@code DO_NOT_TRACK} and {@code UPKEEP_OPTOUT} and above the saved decision. Default:
   * none.
   */
  public UpkeepClient.Builder consentVariable(String name) {
    if (name == null || !name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new IllegalArgumentException(
          "consentVariable must be an environment variable name, was \"" + name + "\"");
    }
    this.consentVariable = name;
    return self();
  }

  /**
   * The commands the one-time notice tells the user to run to turn uploading on and off, e.g.
   * {@code mytool telemetry on}; the app runs {@link UpkeepClient#enable()} / {@link
   * UpkeepClient#disable()} for them. Default: none (the notice names the app's variable or {@code
   * DO_NOT_TRACK}).
   */
  public UpkeepClient.Builder noticeCommands(String enableCommand, String disableCommand) {
    this.enableCommand = enableCommand;
    this.disableCommand = disableCommand;
    return self();
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
  public UpkeepClient.Builder interactive(boolean interactive) {
    this.interactive = interactive;
    return self();
  }

  /**
   * What runs that cannot show the one-time notice do while the user has not decided and the app's
   * default is on ({@link #defaultConsent}): runs whose stderr is not a person's terminal ({@link
   * #interactive}), e.g. CI jobs, cron jobs, output piped to a file. The run that shows the notice
   * never sends (its events leave with the next run) whatever this says.
   *
   * <ul>
   *   <li>{@code true}: such runs keep their events on this computer (in the spool, within {@link
   *       #spoolLimits}) until a run has shown the notice on a terminal; the run after it sends
   *       them all. On a machine where nobody runs the app on a terminal nothing is ever sent. For
   *       apps that want no byte sent before a person read the notice.
   *   <li>{@code false}, the default ({@link UpkeepClient#DEFAULT_NOTICE_BEFORE_SENDING}): such
   *       runs send, as before this setting existed. An app whose default is on has chosen to count
   *       runs nobody watches, and Homebrew's rule concerns the run that shows the notice; keeping
   *       that default leaves existing apps' behaviour unchanged.
   * </ul>
   *
   * Ignored once the user decided, when the default is {@link ConsentMode#LOCAL} or {@link
   * ConsentMode#OFF}, and when a setting turns telemetry off. No exception.
   */
  public UpkeepClient.Builder noticeBeforeSending(boolean hold) {
    this.noticeBeforeSending = hold;
    return self();
  }

  /**
   * How {@link UpkeepClient#enroll} shows the consent page (default: prints the link on stderr and
   * asks the desktop's browser to open it). Runs on the enrolling thread; must not block until the
   * user answered.
   */
  public UpkeepClient.Builder browser(java.util.function.Consumer<URI> opener) {
    this.browser = java.util.Objects.requireNonNull(opener, "browser");
    return self();
  }

  /** Longest wait for the user's answer on the consent page (default 5 minutes). */
  public UpkeepClient.Builder enrollmentTimeout(Duration timeout) {
    this.enrollmentTimeout = positive("enrollmentTimeout", timeout);
    return self();
  }

  /**
   * Where an enrolled install's tokens are kept (default: the first usable {@link SecretStore}
   * found by {@link java.util.ServiceLoader}, e.g. {@code upkeep-client-keyring}'s OS keyring, else
   * a 0600 file in the app's config directory).
   */
  public UpkeepClient.Builder secretStore(SecretStore store) {
    this.secretStore = java.util.Objects.requireNonNull(store, "secretStore");
    return self();
  }

  /**
   * Whether {@link UpkeepClient#track} tells the user about newer or flagged versions (default
   * true); see {@link UpkeepClient#notifyUpdates} for when it stays silent anyway.
   */
  public UpkeepClient.Builder updateNotice(boolean on) {
    this.updateNotice = on;
    return self();
  }

  /** Where the notice is printed (default {@code System.err}; for tests). */
  UpkeepClient.Builder stderr(PrintStream stderr) {
    this.stderr = java.util.Objects.requireNonNull(stderr, "stderr");
    return self();
  }

  /** Whether to install the JVM shutdown hook (default true). */
  public UpkeepClient.Builder shutdownHook(boolean install) {
    this.shutdownHook = install;
    return self();
  }

  /**
   * Whether to start delivering a previous run's spool at once (default true). While the user has
   * not decided and the one-time notice was shown, it leaves with this run's first event instead,
   * so that a run that records nothing (e.g. the app's disable command) sends nothing.
   */
  public UpkeepClient.Builder deliverSpoolAtStart(boolean deliver) {
    this.deliverSpoolAtStart = deliver;
    return self();
  }

  /**
   * Whether {@link UpkeepClient#disable()} also asks the server to forget the user (default {@value
   * UpkeepClient#DEFAULT_FORGET_ON_DISABLE}): what it holds under the user id in each project this
   * app delivered events to since the setting was on (recorded in {@code
   * <config>/apps/<app>/projects}), with {@code POST /v1/projects/{owner}/{name}/forget}, the
   * ingest key and, while valid, the enrolled install's token. The request is sent on a daemon
   * thread, the JVM's exit waits for it up to {@link #exitFlushTimeout}, and what is left
   * unanswered ({@code <config>/apps/<app>/forget}) is sent by the app's next run. An Upkeep
   * collector carries it out within the hour and revokes the install; a migas-server, which has no
   * such route, answers 404 and nothing more is asked.
   */
  public UpkeepClient.Builder forgetOnDisable(boolean forget) {
    this.forgetOnDisable = forget;
    return self();
  }

  /** The clock stamping events (default UTC system clock). */
  public UpkeepClient.Builder clock(Clock clock) {
    this.clock = java.util.Objects.requireNonNull(clock, "clock");
    return self();
  }

  /** Runs {@code *Async} queries (default: a new daemon thread per query). */
  public UpkeepClient.Builder executor(Executor executor) {
    this.executor = java.util.Objects.requireNonNull(executor, "executor");
    return self();
  }

  /** The environment variables read (default {@code System.getenv()}; for tests). */
  public UpkeepClient.Builder environment(Map<String, String> env) {
    this.env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
    return self();
  }

  /**
   * Maps exceptions of a type (and its subtypes) to a run outcome; the first registered match wins.
   */
  public <T extends Throwable> UpkeepClient.Builder errorHandler(
      Class<T> type, ErrorHandler handler) {
    errorHandlers.add(
        new AbstractMap.SimpleImmutableEntry<>(
            java.util.Objects.requireNonNull(type, "type"),
            java.util.Objects.requireNonNull(handler, "handler")));
    return self();
  }

  /**
   * The client, with the environment's settings applied over these ({@code UPKEEP_ENDPOINT}, {@code
   * UPKEEP_TIMEOUT}, ...; see {@link UpkeepClient#status()}). Starts no thread until the first
   * event (or spool delivery).
   */
  public UpkeepClient build() {
    boolean migas = protocol == Protocol.MIGAS;
    EnvSettings env =
        new EnvSettings(
            this.env, System::getProperty, endpoint, migas, connectTimeout, readTimeout, configDir);
    ConsentSettings consent =
        new ConsentSettings(
            appName,
            consentVariable,
            enabled,
            defaultConsent,
            noticeBeforeSending,
            enableCommand,
            disableCommand,
            interactive,
            deliverSpoolAtStart,
            forgetOnDisable,
            userIdPolicy,
            stderr,
            secretStore,
            browser,
            enrollmentTimeout);
    DispatcherSettings dispatch =
        new DispatcherSettings(
            migas,
            env.endpoint,
            spoolDir,
            env.cacheDir,
            queueCapacity,
            batchSize,
            linger.toMillis(),
            spoolMaxFiles,
            spoolMaxBytes,
            sessionId,
            ingestKey,
            shutdownHook,
            exitFlushTimeout.toMillis(),
            clock);
    return new UpkeepClient(
        new ClientSettings(
            env,
            consent,
            dispatch,
            protocol,
            appVersion,
            clock,
            executor,
            errorHandlers,
            updateNotice));
  }

  private UpkeepClient.Builder self() {
    return (UpkeepClient.Builder) this; // the only subclass
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
