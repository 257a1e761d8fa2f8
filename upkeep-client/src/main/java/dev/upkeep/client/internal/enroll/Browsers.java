package dev.upkeep.client.internal.enroll;

import dev.upkeep.client.internal.Log;
import dev.upkeep.client.internal.env.EnvSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Shows a link to the user: prints it to standard error, always (a headless machine, a remote shell
 * or a missing opener still lets the user copy it), then asks the operating system to open it in
 * the default browser, chosen by {@code os.name}:
 *
 * <ul>
 *   <li>Windows: {@code rundll32 url.dll,FileProtocolHandler <url>}
 *   <li>macOS: {@code open <url>}
 *   <li>other (Linux, BSD): {@code xdg-open <url>}, only when {@code DISPLAY} or {@code
 *       WAYLAND_DISPLAY} is set (without a display xdg-open may start a text browser in the
 *       terminal)
 * </ul>
 *
 * The opener is started with {@link ProcessBuilder} (no {@code java.desktop}), its output
 * discarded, and never waited for. Only {@code http} and {@code https} links are opened. Never
 * throws; stateless, thread-safe.
 */
public final class Browsers {
  private Browsers() {}

  /** Prints {@code uri} to {@code System.err} and starts the OS's opener for it. */
  public static void open(URI uri) {
    try {
      open(uri, System.err, System.getProperty("os.name", ""), EnvSettings.process());
    } catch (RuntimeException e) {
      Log.debug("cannot open " + uri + ": " + e);
    }
  }

  static void open(URI uri, PrintStream err, String osName, Map<String, String> env) {
    try {
      err.println("To enroll, open this link in a browser:");
      err.println("  " + uri);
      err.flush();
    } catch (RuntimeException e) {
      // printing is best effort
    }
    List<String> command = command(osName, env, uri);
    if (command.isEmpty()) {
      return;
    }
    try {
      Process p =
          new ProcessBuilder(command)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      p.getOutputStream().close();
    } catch (IOException | RuntimeException e) {
      Log.debug("cannot start " + command.get(0) + " to open the link: " + e);
    }
  }

  /** The command that opens {@code uri} on {@code osName}; empty if none should be started. */
  static List<String> command(String osName, Map<String, String> env, URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return List.of();
    }
    String os = osName == null ? "" : osName.toLowerCase(Locale.ROOT);
    String link = uri.toString();
    if (os.startsWith("windows")) {
      return List.of("rundll32", "url.dll,FileProtocolHandler", link);
    }
    if (os.startsWith("mac") || os.startsWith("darwin")) {
      return List.of("open", link);
    }
    if (present(env, "DISPLAY") || present(env, "WAYLAND_DISPLAY")) {
      return List.of("xdg-open", link);
    }
    return List.of();
  }

  private static boolean present(Map<String, String> env, String name) {
    String v = env.get(name);
    return v != null && !v.isBlank();
  }
}
