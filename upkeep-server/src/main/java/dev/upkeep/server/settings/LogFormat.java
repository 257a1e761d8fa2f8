package dev.upkeep.server.settings;

import java.util.Locale;

/**
 * How {@code upkeep serve} writes its log on standard error ({@code log-format}): {@link #TEXT},
 * the default, or {@link #JSON}.
 */
public enum LogFormat {
  /** One line per event for people: {@code 07:16:24.407 INFO d.u.s.UpkeepServer - ready in …}. */
  TEXT,
  /**
   * One JSON object per line for log collectors, as logback's {@code JsonEncoder} writes it: {@code
   * level}, {@code loggerName}, {@code message} (the pattern) with its {@code arguments} and {@code
   * formattedMessage}, {@code timestamp}, {@code threadName}, a thrown exception as {@code
   * throwable}.
   */
  JSON;

  /**
   * The format a setting names, {@code text} or {@code json} (any case).
   *
   * @throws IllegalArgumentException naming {@code log-format} for anything else
   */
  public static LogFormat parse(String text) {
    for (LogFormat f : values()) {
      if (f.wire().equalsIgnoreCase(text.strip())) {
        return f;
      }
    }
    throw new IllegalArgumentException("log-format must be text or json, was \"" + text + "\"");
  }

  /** The name settings use: {@code text} or {@code json}. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
