package dev.upkeep.client.internal;

import dev.upkeep.client.internal.env.EnvSettings;
import java.lang.System.Logger.Level;
import java.util.Locale;

/**
 * The client's logging: {@link System.Logger} named {@code dev.upkeep.client}, filtered first by
 * {@code UPKEEP_LOG_LEVEL} (DEBUG, INFO, WARNING, ERROR or OFF; default WARNING, as migas-py's
 * {@code MIGAS_LOG_LEVEL}). Never throws. Thread-safe.
 */
public final class Log {
  private static final System.Logger LOGGER = System.getLogger("dev.upkeep.client");
  private static volatile Level threshold = parse(EnvSettings.logLevel());

  private Log() {}

  static Level parse(String name) {
    if (name == null || name.isBlank()) {
      return Level.WARNING;
    }
    switch (name.trim().toUpperCase(Locale.ROOT)) {
      case "DEBUG":
      case "FINE":
      case "TRACE":
        return Level.DEBUG;
      case "INFO":
        return Level.INFO;
      case "ERROR":
      case "SEVERE":
        return Level.ERROR;
      case "OFF":
      case "NONE":
        return Level.OFF;
      default:
        return Level.WARNING;
    }
  }

  /** Whether DEBUG lines are written: guard a message that would call the application's code. */
  public static boolean debugging() {
    return enabled(Level.DEBUG);
  }

  /** Whether WARNING lines are written. */
  public static boolean warning() {
    return enabled(Level.WARNING);
  }

  /**
   * Logs at DEBUG (written as {@code INFO} to the {@link System.Logger}). The caller builds the
   * message even when DEBUG is off: use it on failure paths, where that costs nothing that matters,
   * or behind {@link #debugging()}.
   */
  public static void debug(String message) {
    log(Level.DEBUG, message);
  }

  /** Logs at WARNING; see {@link #debug(String)}. */
  public static void warn(String message) {
    log(Level.WARNING, message);
  }

  private static boolean enabled(Level level) {
    Level t = threshold;
    return t != Level.OFF && level.getSeverity() >= t.getSeverity();
  }

  private static void log(Level level, String message) {
    try {
      if (enabled(level)) {
        LOGGER.log(level == Level.DEBUG ? Level.INFO : level, "upkeep: " + message);
      }
    } catch (RuntimeException e) {
      // logging must never break the host
    }
  }
}
