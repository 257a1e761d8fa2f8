package dev.upkeep.cli.watch;

import dev.upkeep.watch.Detection;
import dev.upkeep.watch.Stop;
import dev.upkeep.watch.Watch;
import dev.upkeep.watch.Watcher;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code upkeep watch -f FILE [-i SECONDS] -s SCRIPT [ARGS...]}: runs SCRIPT whenever FILE changes;
 * each line it prints is one argument of its next run (otumat's {@code watch}, docs/watch.md). A
 * thin adapter over {@link Watch.Builder}.
 */
@Command(
    name = "watch",
    mixinStandardHelpOptions = true,
    modelTransformer = WatchCommand.ScriptArguments.class,
    description = {
      "Run a script whenever a file changes, carrying its output into the next run.",
      "Runs SCRIPT whenever FILE (or a file under a directory) changes content. SCRIPT gets ARGS;"
          + " each line it prints on standard output becomes one argument of its next run"
          + " (a last line without a line break is kept). A run that fails keeps its arguments.",
      "Everything from the first argument that is not an option of watch on is passed to SCRIPT;"
          + " put -- before ARGS that look like watch's options.",
      "Runs on change only, never two at once; changes during a run lead to one more run."
    },
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {
      "0:Stopped (interrupted in-process; Ctrl-C exits with 130 as for any program).",
      "1:A run failed with --stop-on-error, or the watch could not go on (state file).",
      "2:Usage error: bad option, missing or non-executable script, missing directory."
    })
public final class WatchCommand implements Callable<Integer> {
  static final int STOPPED = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;

  @Spec CommandSpec spec;

  @Option(
      names = {"-f", "--file"},
      required = true,
      paramLabel = "FILE",
      description = "File or directory to watch. A file need not exist yet; its directory must.")
  Path file;

  @Option(
      names = {"-s", "--script"},
      required = true,
      paramLabel = "SCRIPT",
      description =
          "Executable to run: a path (./build.sh) or a command on PATH; with --shell a script"
              + " file or a command line.")
  String script;

  @Parameters(
      paramLabel = "ARGS",
      description = "Arguments of the first run (a --state file that exists wins).")
  List<String> arguments = new ArrayList<>();

  @Option(
      names = {"-i", "--interval"},
      paramLabel = "SECONDS",
      defaultValue = "5",
      description =
          "Full check every SECONDS (decimals allowed; default: ${DEFAULT-VALUE}, as otumat):"
              + " the only check with --poll, a backstop with native events.")
  double interval;

  @Option(
      names = "--poll",
      description = "Poll only (what otumat did), instead of native file events.")
  boolean poll;

  @Option(
      names = "--include",
      paramLabel = "GLOB",
      description =
          "With a directory: only files matching GLOB count (repeatable). Without /, GLOB matches"
              + " names at any depth (*.md); with /, the path under the directory (src/**.java).")
  List<String> include = new ArrayList<>();

  @Option(
      names = "--exclude",
      paramLabel = "GLOB",
      description = "With a directory: ignore matching files and directories (repeatable).")
  List<String> exclude = new ArrayList<>();

  @Option(
      names = "--debounce",
      paramLabel = "MILLIS",
      defaultValue = "50",
      description = "Quiet time after file events before a check (default: ${DEFAULT-VALUE}).")
  long debounceMillis;

  @Option(
      names = "--shell",
      description =
          "Run SCRIPT through /bin/sh: a file as `sh FILE ARGS` (need not be executable),"
              + " anything else as `sh -c SCRIPT sh ARGS` (ARGS are $1, $2, ...).")
  boolean shell;

  @Option(names = "--stop-on-error", description = "Stop (exit 1) after a run that fails.")
  boolean stopOnError;

  @Option(
      names = "--state",
      paramLabel = "FILE",
      description =
          "Keep the arguments in FILE across restarts: read at start if it exists, replaced"
              + " atomically after each successful run (one argument per line).")
  Path state;

  @Option(
      names = "--run-at-start",
      description = "Also run SCRIPT once at start (otumat runs on change only).")
  boolean runAtStart;

  @Option(
      names = {"-q", "--quiet"},
      description = "Print no line per run (notices and errors still go to standard error).")
  boolean quiet;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Watcher watcher;
    boolean fromState = state != null && Files.exists(state);
    try {
      watcher = builder(new RunPrinter(out, err, quiet, file, script)).build().start();
    } catch (IllegalArgumentException | UncheckedIOException e) {
      err.println("upkeep watch: " + e.getMessage());
      return USAGE;
    }
    if (!quiet) {
      out.println(
          "watching "
              + file
              + (watcher.detection() == Detection.POLLING
                  ? " (polling every " + seconds() + ")"
                  : " (native events, full check every " + seconds() + ")")
              + "; on change: "
              + RunPrinter.commandLine(script, watcher.arguments())
              + (fromState ? " (arguments from " + state + ")" : ""));
    }
    Thread hook = new Thread(watcher::close, "upkeep-watch-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      Stop stop = watcher.await();
      if (stop.cause() == Stop.Cause.CLOSED) {
        return STOPPED;
      }
      err.println("upkeep watch: " + stop.message());
      return FAILED;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return STOPPED;
    } finally {
      watcher.close();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // shutting down: the hook is running or has run
      }
    }
  }

  private Watch.Builder builder(RunPrinter printer) {
    if (!(interval > 0) || Double.isInfinite(interval)) {
      throw new IllegalArgumentException(
          "--interval must be a positive number of seconds, was " + interval);
    }
    if (debounceMillis < 0) {
      throw new IllegalArgumentException(
          "--debounce must be zero or more milliseconds, was " + debounceMillis);
    }
    Watch.Builder b =
        Watch.builder()
            .path(file)
            .script(script)
            .arguments(arguments)
            .interval(Duration.ofNanos(Math.max(1_000_000L, Math.round(interval * 1e9))))
            .debounce(Duration.ofMillis(debounceMillis))
            .detection(poll ? Detection.POLLING : Detection.NATIVE)
            .shell(shell)
            .stopOnError(stopOnError)
            .runAtStart(runAtStart)
            .listener(printer);
    include.forEach(b::include);
    exclude.forEach(b::exclude);
    if (state != null) {
      b.stateFile(state);
    }
    return b;
  }

  private String seconds() {
    return (interval == Math.rint(interval) ? String.valueOf((long) interval) : interval + "")
        + " s";
  }

  /**
   * ARGS are the script's, even when they look like options: parsing stops at the first positional
   * argument, and unknown options are positional arguments.
   */
  static final class ScriptArguments implements CommandLine.IModelTransformer {
    @Override
    public CommandSpec transform(CommandSpec spec) {
      spec.parser().stopAtPositional(true).unmatchedOptionsArePositionalParams(true);
      return spec;
    }
  }
}
