package dev.upkeep.client.internal.env;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The client's settings that environment variables make, each with its precedence over the
 * application's own setting, in this one class: no other class of the client reads such a variable
 * or the process environment ({@link #process()}). First match wins:
 *
 * <ul>
 *   <li>endpoint: {@value #ENDPOINT} (an http(s) URL; any other value turns telemetry off, with a
 *       warning) &gt; the application's &gt; none, which turns telemetry off;
 *   <li>timeouts, connect and read alike: {@value #MIGAS_TIMEOUT} when the client speaks migas and
 *       it is set, else {@value #TIMEOUT}, in seconds above 0 (other values are ignored, with a
 *       warning) &gt; the application's &gt; the defaults;
 *   <li>consent: {@value #DO_NOT_TRACK} &gt; {@value #OPT_OUT} &gt; {@value #MIGAS_OPT_OUT} (migas
 *       only), each set to anything but empty, {@code 0} or {@code false} ({@link #optOut}) &gt;
 *       the application's own variable ({@link #appVariable}); the ranks below those (the
 *       application's switch, the saved decision, the default) are {@code consent.Consent}'s;
 *   <li>config directory: the application's &gt; {@value #CONFIG_DIR} &gt; the platform's ({@link
 *       ConfigDirs});
 *   <li>cache directory: {@value #CACHE_DIR} &gt; the platform's &gt; {@code
 *       <java.io.tmpdir>/upkeep-<user.name>};
 *   <li>inspect mode: {@value #INSPECT}; no update notice: {@value #NO_UPDATE_CHECK} (switches, as
 *       {@link #isSet});
 *   <li>log level: {@value #LOG_LEVEL} of the process, read once per JVM ({@link #logLevel()}).
 * </ul>
 *
 * <p>Facts about the machine are read from the same variables by their detectors: CI ({@link
 * CiVendors}), container ({@link Environment}), proxies ({@code transport.Proxies}), {@code
 * HOSTNAME} (the derived user id), {@code DISPLAY} (the enrollment's browser).
 *
 * <p>Immutable and thread-safe; never throws for any map of variables.
 */
public final class EnvSettings {
  /** Overrides the application's endpoint: {@value}. */
  public static final String ENDPOINT = "UPKEEP_ENDPOINT";

  /** Overrides both timeouts, in seconds: {@value}. */
  public static final String TIMEOUT = "UPKEEP_TIMEOUT";

  /** Overrides both timeouts in the migas protocol, as migas-py reads it: {@value}. */
  public static final String MIGAS_TIMEOUT = "MIGAS_TIMEOUT";

  /** Turns telemetry off (consoledonottrack.com): {@value}. */
  public static final String DO_NOT_TRACK = "DO_NOT_TRACK";

  /** Turns Upkeep's telemetry off: {@value}. */
  public static final String OPT_OUT = "UPKEEP_OPTOUT";

  /** Turns telemetry off in the migas protocol, as migas-py reads it: {@value}. */
  public static final String MIGAS_OPT_OUT = "MIGAS_OPTOUT";

  /** Overrides the platform's config directory: {@value}. */
  public static final String CONFIG_DIR = "UPKEEP_CONFIG_DIR";

  /** Overrides the platform's cache directory: {@value}. */
  public static final String CACHE_DIR = "UPKEEP_CACHE_DIR";

  /** Prints every request instead of sending it: {@value}. */
  public static final String INSPECT = "UPKEEP_INSPECT";

  /** Silences the update notice: {@value}. */
  public static final String NO_UPDATE_CHECK = "UPKEEP_NO_UPDATE_CHECK";

  /** The client's log level: {@value}. */
  public static final String LOG_LEVEL = "UPKEEP_LOG_LEVEL";

  /** Directory name under the platform's base directories: {@value}. */
  static final String APP_DIR = "upkeep";

  private static final String[] OPT_OUTS = {DO_NOT_TRACK, OPT_OUT, MIGAS_OPT_OUT};

  /** The variables read. */
  public final Map<String, String> variables;

  /** The system properties read, e.g. {@code System::getProperty}. */
  public final Function<String, String> properties;

  /** The server, or null when there is none (telemetry off). */
  public final URI endpoint;

  /** Where {@link #endpoint} came from, or why there is none, for {@code status()}. */
  public final String endpointSource;

  /** The connect timeout. */
  public final Duration connectTimeout;

  /** The read timeout. */
  public final Duration readTimeout;

  /** Where the timeouts came from, for {@code status()}. */
  public final String timeoutSource;

  /** Where settings and the user id live; null when no home directory is known. */
  public final Path configDir;

  /** Where the spool and the update checks live; never null. */
  public final Path cacheDir;

  /** Whether {@value #INSPECT} is set. */
  public final boolean inspect;

  /** Whether {@value #NO_UPDATE_CHECK} is set. */
  public final boolean noUpdateCheck;

  /** What the client should warn about (a value it ignored), in the order found. */
  public final List<String> warnings;

  /**
   * Applies the variables over the application's settings.
   *
   * @param env the environment variables, e.g. {@link #process()}
   * @param sysProp system property lookup ({@code os.name}, {@code user.home}, {@code
   *     java.io.tmpdir}, {@code user.name}), e.g. {@code System::getProperty}
   * @param endpoint the application's endpoint, or null
   * @param migas whether the client speaks migas
   * @param connectTimeout the application's connect timeout
   * @param readTimeout the application's read timeout
   * @param configDir the application's config directory, or null for the platform's
   */
  public EnvSettings(
      Map<String, String> env,
      Function<String, String> sysProp,
      URI endpoint,
      boolean migas,
      Duration connectTimeout,
      Duration readTimeout,
      Path configDir) {
    List<String> problems = new ArrayList<>();
    this.variables = env;
    this.properties = sysProp;
    String fromEnv = env.get(ENDPOINT);
    URI parsed = fromEnv == null || fromEnv.isBlank() ? null : httpUri(fromEnv.trim());
    if (parsed != null) {
      this.endpoint = parsed;
      this.endpointSource = ENDPOINT;
    } else if (fromEnv != null && !fromEnv.isBlank()) {
      this.endpoint = null;
      this.endpointSource = ENDPOINT + " is not an http(s) URL: \"" + fromEnv + "\"";
      problems.add("telemetry off: " + endpointSource);
    } else {
      this.endpoint = endpoint;
      this.endpointSource =
          endpoint != null ? "application" : "no endpoint configured (set " + ENDPOINT + ")";
    }
    String timeoutVar = migas && env.get(MIGAS_TIMEOUT) != null ? MIGAS_TIMEOUT : TIMEOUT;
    Duration override = seconds(env.get(timeoutVar), problems);
    this.connectTimeout = override != null ? override : connectTimeout;
    this.readTimeout = override != null ? override : readTimeout;
    this.timeoutSource = override != null ? timeoutVar : "application or default";
    ConfigDirs dirs = dirs(env, sysProp);
    this.configDir = configDir != null ? configDir : dirs.configDir();
    this.cacheDir =
        dirs.cacheDir() != null
            ? dirs.cacheDir()
            : Path.of(sysProp.apply("java.io.tmpdir"), "upkeep-" + sysProp.apply("user.name"));
    this.inspect = isSet(env.get(INSPECT));
    this.noUpdateCheck = isSet(env.get(NO_UPDATE_CHECK));
    this.warnings = Collections.unmodifiableList(problems);
  }

  /** The process's environment variables; empty when they cannot be read. */
  public static Map<String, String> process() {
    try {
      return System.getenv();
    } catch (RuntimeException e) { // SecurityException under a security manager
      return Collections.emptyMap();
    }
  }

  /** The process's {@value #LOG_LEVEL}, or null. */
  public static String logLevel() {
    try {
      return System.getenv(LOG_LEVEL);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /**
   * The opt-out variable that turns telemetry off, as {@code NAME=value}: {@value #DO_NOT_TRACK},
   * then {@value #OPT_OUT}, then with {@code migas} {@value #MIGAS_OPT_OUT}; null when none is set.
   */
  public static String optOut(Map<String, String> env, boolean migas) {
    for (String name : OPT_OUTS) {
      String v = migas || !name.equals(MIGAS_OPT_OUT) ? env.get(name) : null;
      if (isSet(v)) {
        return name + "=" + v;
      }
    }
    return null;
  }

  /** The value of the application's own consent variable; null when it is unset or blank. */
  public static String appVariable(Map<String, String> env, String name) {
    String v = name == null ? null : env.get(name);
    return v != null && !v.trim().isEmpty() ? v : null;
  }

  /** Whether a switch variable is set: anything but unset, empty, {@code 0} or {@code false}. */
  public static boolean isSet(String value) {
    if (value == null) {
      return false;
    }
    String v = value.trim();
    return !v.isEmpty() && !v.equals("0") && !v.equalsIgnoreCase("false");
  }

  /** The URL if it is an absolute http or https URL with a host, else null. */
  public static URI httpUri(String text) {
    try {
      URI uri = new URI(text);
      String scheme = uri.getScheme();
      if (uri.getHost() == null
          || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
        return null;
      }
      return uri;
    } catch (java.net.URISyntaxException e) {
      return null;
    }
  }

  /**
   * The directories by platform convention (see {@link ConfigDirs}): {@value #CONFIG_DIR} and
   * {@value #CACHE_DIR} everywhere, then {@code XDG_CONFIG_HOME} and {@code XDG_CACHE_HOME}
   * (absolute paths only), {@code APPDATA} and {@code LOCALAPPDATA} on Windows, or the home
   * directory's conventional places. Never throws; null arguments count as empty.
   */
  static ConfigDirs dirs(Map<String, String> env, Function<String, String> sysProp) {
    Map<String, String> e = env == null ? Collections.emptyMap() : env;
    String os = Environment.osFamily(Environment.prop(sysProp, "os.name"));
    Path home =
        absolute(Environment.prop(sysProp, "user.home")); // the JDK says "?" without a passwd entry
    Path config = path(get(e, CONFIG_DIR));
    Path cache = path(get(e, CACHE_DIR));
    if (os.equals("darwin")) {
      config = config != null ? config : under(home, "Library", "Application Support", APP_DIR);
      cache = cache != null ? cache : under(home, "Library", "Caches", APP_DIR);
    } else if (os.equals("windows")) {
      Path roaming = orElse(path(get(e, "APPDATA")), under(home, "AppData", "Roaming"));
      Path local = orElse(path(get(e, "LOCALAPPDATA")), under(home, "AppData", "Local"));
      config = config != null ? config : under(roaming, APP_DIR);
      cache = cache != null ? cache : under(local, APP_DIR, "cache");
    } else {
      Path xdgConfig = orElse(absolute(get(e, "XDG_CONFIG_HOME")), under(home, ".config"));
      Path xdgCache = orElse(absolute(get(e, "XDG_CACHE_HOME")), under(home, ".cache"));
      config = config != null ? config : under(xdgConfig, APP_DIR);
      cache = cache != null ? cache : under(xdgCache, APP_DIR);
    }
    return new ConfigDirs(config, cache);
  }

  /** Seconds above 0 as a duration; null when unset, blank, not above 0 or not a number. */
  private static Duration seconds(String value, List<String> problems) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      double s = Double.parseDouble(value.trim());
      return s > 0 ? Duration.ofMillis((long) (s * 1000)) : null;
    } catch (NumberFormatException e) {
      problems.add("ignoring timeout \"" + value + "\": not a number of seconds");
      return null;
    }
  }

  private static String get(Map<String, String> env, String name) {
    try {
      return env.get(name);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static Path path(String value) {
    if (value == null || value.isEmpty()) {
      return null;
    }
    try {
      return Path.of(value);
    } catch (RuntimeException e) { // InvalidPathException
      return null;
    }
  }

  private static Path absolute(String value) {
    Path p = path(value);
    return p != null && p.isAbsolute() ? p : null;
  }

  private static Path under(Path base, String first, String... more) {
    if (base == null) {
      return null;
    }
    try {
      Path p = base.resolve(first);
      for (String m : more) {
        p = p.resolve(m);
      }
      return p;
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static Path orElse(Path value, Path fallback) {
    return value != null ? value : fallback;
  }
}
