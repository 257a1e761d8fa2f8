package dev.upkeep.client.internal.env;

import java.nio.file.Path;
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
 * files. Nothing is created or read here. The variables are read, with the rest of the client's, by
 * {@link EnvSettings}. Immutable and thread-safe; never throws.
 */
public final class ConfigDirs {
  private final Path configDir;
  private final Path cacheDir;

  ConfigDirs(Path configDir, Path cacheDir) {
    this.configDir = configDir;
    this.cacheDir = cacheDir;
  }

  /**
   * The directories from injected sources ({@code os.name} and {@code user.home} are read through
   * {@code sysProp}). Never throws; null arguments count as empty.
   */
  public static ConfigDirs detect(Map<String, String> env, Function<String, String> sysProp) {
    return EnvSettings.dirs(env, sysProp);
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
}
