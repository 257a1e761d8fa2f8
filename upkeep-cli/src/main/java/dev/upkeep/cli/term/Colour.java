package dev.upkeep.cli.term;

import java.util.Map;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Whether the command colours what it prints: only on a terminal ({@link System#console()} is not
 * null), never when {@code NO_COLOR} is set to anything but the empty string (as no-color.org
 * says), and never when {@code TERM} is {@code dumb}. Decides for picocli's help and for the
 * progress bars of {@code demo}, {@code store migrate} and {@code release}. Stateless and
 * thread-safe.
 */
public final class Colour {
  private Colour() {}

  /**
   * The decision, as a pure function: true when {@code terminal} and neither {@code NO_COLOR}
   * (non-empty) nor {@code TERM=dumb} in {@code env}.
   *
   * @param env the environment, e.g. {@link System#getenv()}
   * @param terminal whether the output goes to a terminal
   */
  public static boolean enabled(Map<String, String> env, boolean terminal) {
    String noColor = env.get("NO_COLOR");
    return terminal && (noColor == null || noColor.isEmpty()) && !"dumb".equals(env.get("TERM"));
  }

  /** The decision for this process: its environment, and whether it runs on a terminal. */
  public static boolean enabled() {
    return enabled(System.getenv(), System.console() != null);
  }

  /** The style of a progress bar: coloured blocks when {@link #enabled()}, else plain ones. */
  public static ProgressBarStyle progressBarStyle() {
    return enabled() ? ProgressBarStyle.COLORFUL_UNICODE_BLOCK : ProgressBarStyle.UNICODE_BLOCK;
  }
}
