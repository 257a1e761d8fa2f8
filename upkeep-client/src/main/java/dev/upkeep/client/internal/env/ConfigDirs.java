package dev.upkeep.client.internal.env;

import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.function.Function;

/**
 * The client's per-user directories, by platform convention (the XDG Base Directory specification
 * on Linux and the BSDs, where migas-py keeps its {@code user_id}). First match wins:
 *
 * <ul>
 *   <li>everywhere: {@code $UPKEEP_CONFIG_DIR} and {@code $UPKEEP_CACHE_DIR};
 *   <li>Linux, BSD and any other system: config {@code $XDG_CONFIG_HOME/upkeep} (default {@code
 *       ~/.config/upkeep}), cache {@code $XDG_CACHE_HOME/upkeep} (default {@code ~/.cache/upkeep});
 *   <li>macOS: config {@code ~/Library/Application Support/upkeep}, cache {@code
 *       ~/Library/Caches/upkeep};
 *   <li>Windows: config <code>%APPDATA%&#92;upkeep</code>, cache <code>
 *       %LOCALAPPDATA%&#92;upkeep&#92;cache</code>; an unset {@code APPDATA} means <code>
 *       ~&#92;AppData&#92;Roaming</code>, an unset {@code LOCALAPPDATA} <code>
 *       ~&#92;AppData&#92;Local</code>.
 * </ul>
 *
 * <p>{@code ~} is {@code user.home}. An empty variable counts as unset, and so does a relative
 * {@code XDG_*} path (the XDG specification says to ignore it) or a value that is not a valid path.
 * If the home directory is needed and unknown ({@code user.home} unset or relative, e.g. the JDK's
 * {@code ?} for a user without a passwd entry), the directory is null: the client then keeps no
 * files. Nothing is created or read here. Immutable and thread-safe; never throws.
 */
public final class ConfigDirs {
  /** Directory name under the platform's base directories. */
  public static final String APP_DIR = "upkeep";

  /** Variable that overrides {@link #configDir()}. */
  public static final String CONFIG_DIR_VARIABLE = "UPKEEP_CONFIG_DIR";

  /** Variable that overrides {@link #cacheDir()}. */
  public static final String CACHE_DIR_VARIABLE = "UPKEEP_CACHE_DIR";

  private final Path configDir;
  private final Path cacheDir;

  private ConfigDirs(Path configDir, Path cacheDir) {
    this.configDir = configDir;
    this.cacheDir = cacheDir;
  }

  /** The directories of this JVM's user: {@link System#getenv()} and system properties. */
  public static ConfigDirs current() {
    Map<String, String> env;
    try {
      env = System.getenv();
    } catch (RuntimeException e) { // SecurityException under a security manager
      env = Collections.emptyMap();
    }
    return detect(env, System::getProperty);
  }

  /**
   * The directories from injected sources ({@code os.name} and {@code user.home} are read through
   * {@code sysProp}). Never throws; null arguments count as empty.
   */
  public static ConfigDirs detect(Map<String, String> env, Function<String, String> sysProp) {
    Map<String, String> e = env == null ? Collections.emptyMap() : env;
    String os = Environment.osFamily(Environment.prop(sysProp, "os.name"));
    Path home =
        absolute(Environment.prop(sysProp, "user.home")); // the JDK says "?" without a passwd entry
    Path config = path(get(e, CONFIG_DIR_VARIABLE));
    Path cache = path(get(e, CACHE_DIR_VARIABLE));
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

  /** Where settings and the {@code user_id} file live; null if no home directory is known. */
  public Path configDir() {
    return configDir;
  }

  /** Where the spool and other disposable files live; null if no home directory is known. */
  public Path cacheDir() {
    return cacheDir;
  }

  /** One line for status output: {@code config <dir>, cache <dir>}. */
  @Override
  public String toString() {
    return "config " + configDir + ", cache " + cacheDir;
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
