package dev.upkeep.watch.internal.run;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The command line a script runs with: the script itself, or the shell and the script, followed by
 * the run's arguments. Checked when the watch starts, so a missing or non-executable script is
 * reported then, by name and with what to do, rather than failing every run. Immutable.
 */
public final class ScriptCommand {
  private static final boolean WINDOWS =
      System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");

  private final String script;
  private final List<String> prefix;

  private ScriptCommand(String script, List<String> prefix) {
    this.script = script;
    this.prefix = List.copyOf(prefix);
  }

  /**
   * Checks the script and returns how to run it.
   *
   * @param script a path, a command on {@code PATH}, or with {@code shell} a command line
   * @param shell whether to run it through {@code /bin/sh} ({@code cmd.exe /c} on Windows)
   * @param path the {@code PATH} to look bare command names up in (may be null)
   * @throws IllegalArgumentException when the script does not exist, is a directory, or is not
   *     executable (without a shell), with the path and what to do
   */
  public static ScriptCommand resolve(String script, boolean shell, String path) {
    if (shell) {
      return inShell(script);
    }
    if (script.indexOf('/') >= 0 || script.indexOf(File.separatorChar) >= 0) {
      Path file = Path.of(script);
      requireFile(script, file);
      if (!Files.isExecutable(file)) {
        throw new IllegalArgumentException(
            "script "
                + script
                + " is not executable; make it executable (chmod +x "
                + script
                + ") or run it through the shell (--shell; shell(true) in the API)");
      }
      return new ScriptCommand(script, List.of(script));
    }
    if (onPath(script, path)) {
      return new ScriptCommand(script, List.of(script));
    }
    if (Files.exists(Path.of(script))) {
      throw new IllegalArgumentException(
          "script "
              + script
              + " is not a command on PATH; to run the file in the current directory, give it as ./"
              + script);
    }
    throw new IllegalArgumentException(
        "script "
            + script
            + " was not found: there is no such command on PATH and no / in it to make it a path;"
            + " give the script's path (e.g. ./"
            + script
            + ")");
  }

  /** The script as given. */
  public String script() {
    return script;
  }

  /** The full command line for one run. */
  public List<String> line(List<String> arguments) {
    List<String> line = new ArrayList<>(prefix);
    line.addAll(arguments);
    return line;
  }

  private static ScriptCommand inShell(String script) {
    List<String> shell = WINDOWS ? List.of("cmd.exe", "/c") : List.of("/bin/sh");
    Path file = asPath(script);
    if (file != null && (Files.exists(file) || script.indexOf('/') >= 0)) {
      requireFile(script, file);
      if (!Files.isReadable(file)) {
        throw new IllegalArgumentException(
            "script " + script + " cannot be read by the shell; make it readable (chmod +r)");
      }
      List<String> prefix = new ArrayList<>(shell);
      prefix.add(script);
      return new ScriptCommand(script, prefix);
    }
    List<String> prefix = new ArrayList<>(shell);
    if (!WINDOWS) {
      prefix.add("-c");
    }
    prefix.add(script);
    if (!WINDOWS) {
      prefix.add("sh"); // $0; the arguments are $1, $2, ...
    }
    return new ScriptCommand(script, prefix);
  }

  /** The script as a path when it could be one (no blanks, quotes or other shell syntax). */
  private static Path asPath(String script) {
    if (script.isEmpty() || !script.matches("[^\\s\"'`$;&|<>()*?\\[\\]{}!#~=]+")) {
      return null;
    }
    try {
      return Path.of(script);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static void requireFile(String script, Path file) {
    if (!Files.exists(file)) {
      throw new IllegalArgumentException(
          "script "
              + script
              + " does not exist (looked for "
              + file.toAbsolutePath().normalize()
              + "); check the path");
    }
    if (Files.isDirectory(file)) {
      throw new IllegalArgumentException(
          "script " + script + " is a directory, not a script; give the script file");
    }
  }

  private static boolean onPath(String name, String path) {
    if (path == null) {
      return false;
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return true;
      }
      if (WINDOWS && Files.isRegularFile(Path.of(dir, name + ".exe"))) {
        return true;
      }
    }
    return false;
  }
}
