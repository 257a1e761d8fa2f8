package dev.upkeep.client.internal;

import java.lang.System.Logger.Level;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The client's logging: {@link System.Logger} named {@code dev.upkeep.client}, filtered first by
 * {@code UPKEEP_LOG_LEVEL} (DEBUG, INFO, WARNING, ERROR or OFF; default WARNING, as migas-py's
 * {@code MIGAS_LOG_LEVEL}). Never throws. Thread-safe.
 */
public final class Log {
  private static final System.Logger LOGGER = System.getLogger("dev.upkeep.client");
  private static volatile Level threshold = parse(System.getenv("UPKEEP_LOG_LEVEL"));

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

  /**
   * Logs at DEBUG (written as {@code INFO} to the {@link System.Logger}). The caller builds the
   * message even when DEBUG is off: use it on failure paths, where that costs nothing that matters.
   */
  public static void debug(String message) {
    log(Level.DEBUG, message, null);
  }

  /** Logs at DEBUG a message built only when DEBUG is on (it may call code of the application). */
  public static void debug(Supplier<String> message) {
    log(Level.DEBUG, null, message);
  }

  /** Logs at WARNING; see {@link #debug(String)}. */
  public static void warn(String message) {
    log(Level.WARNING, message, null);
  }

  /** Logs at WARNING a message built only when WARNING is on. */
  public static void warn(Supplier<String> message) {
    log(Level.WARNING, null, message);
  }

  private static void log(Level level, String text, Supplier<String> message) {
    try {
      if (threshold != Level.OFF && level.getSeverity() >= threshold.getSeverity()) {
        LOGGER.log(
            level == Level.DEBUG ? Level.INFO : level,
            "upkeep: " + (text != null ? text : message.get()));
      }
    } catch (RuntimeException e) {
      // logging must never break the host
    }
  }
}
