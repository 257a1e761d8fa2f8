package dev.upkeep.cli.watch;

import dev.upkeep.watch.Run;
import dev.upkeep.watch.WatchListener;
import java.io.PrintWriter;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * One line per run on standard output ({@code 14:02:07 run 3 (notes.txt): ./count.sh 2 -> exit 0 in
 * 4 ms; next: 3}), notices on standard error. Called on the watch's thread.
 */
final class RunPrinter implements WatchListener {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
  private static final int MAX_NAMED = 3;

  private final PrintWriter out;
  private final PrintWriter err;
  private final boolean quiet;
  private final Path base; // changed files are named relative to this
  private final String script;

  RunPrinter(PrintWriter out, PrintWriter err, boolean quiet, Path watched, String script) {
    this.out = out;
    this.err = err;
    this.quiet = quiet;
    this.script = script;
    Path abs = watched.toAbsolutePath().normalize();
    this.base = abs.getParent() == null ? abs : abs.getParent();
  }

  @Override
  public void onRun(Run run) {
    if (quiet) {
      return;
    }
    StringBuilder line = new StringBuilder();
    line.append(LocalTime.ofInstant(run.started(), ZoneId.systemDefault()).format(TIME))
        .append(" run ")
        .append(run.number());
    if (!run.changed().isEmpty()) {
      line.append(" (").append(changed(run.changed())).append(')');
    }
    line.append(": ");
    if (run.error().isPresent()) {
      line.append(run.error().get()).append("; arguments kept: ").append(words(run.next()));
    } else {
      line.append(commandLine(script, run.arguments()))
          .append(" -> exit ")
          .append(run.exitCode())
          .append(" in ")
          .append(run.duration().toMillis())
          .append(" ms; ")
          .append(run.succeeded() ? "next: " : "arguments kept: ")
          .append(words(run.next()));
    }
    out.println(line);
    out.flush();
  }

  @Override
  public void onNotice(Level level, String message) {
    err.println("upkeep watch: " + message);
    err.flush();
  }

  /** The script and its arguments as a shell would show them. */
  static String commandLine(String script, List<String> arguments) {
    return quote(script) + argumentsSuffix(arguments);
  }

  private static String argumentsSuffix(List<String> arguments) {
    return arguments.isEmpty() ? "" : " " + words(arguments);
  }

  /** Arguments separated by blanks, quoted where a shell would need it; "(none)" when empty. */
  static String words(List<String> arguments) {
    if (arguments.isEmpty()) {
      return "(none)";
    }
    List<String> quoted = new ArrayList<>();
    for (String a : arguments) {
      quoted.add(quote(a));
    }
    return String.join(" ", quoted);
  }

  static String quote(String word) {
    if (!word.isEmpty() && word.matches("[A-Za-z0-9_@%+=:,./-]+")) {
      return word;
    }
    return "'" + word.replace("'", "'\\''") + "'";
  }

  private String changed(List<Path> files) {
    List<String> names = new ArrayList<>();
    for (Path f : files.subList(0, Math.min(MAX_NAMED, files.size()))) {
      names.add(f.startsWith(base) ? base.relativize(f).toString() : f.toString());
    }
    String s = String.join(", ", names);
    return files.size() > MAX_NAMED ? s + " and " + (files.size() - MAX_NAMED) + " more" : s;
  }
}
