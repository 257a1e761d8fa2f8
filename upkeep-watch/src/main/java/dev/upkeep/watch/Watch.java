package dev.upkeep.watch;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.regex.PatternSyntaxException;

/**
 * Runs a script whenever a file, or a file under a directory, changes content, and feeds each line
 * the script prints into its next run as one argument: a small state machine for automation
 * (otumat's {@code watch -f FILE [-i SECONDS] -s SCRIPT [ARGS...]}, PROTOCOLS.md §4).
 *
 * <pre>{@code
 * Watch watch = Watch.builder()
 *     .path(Path.of("notes.txt"))
 *     .script("./count.sh")          // prints $(($1 + 1))
 *     .arguments(List.of("0"))
 *     .build();
 * try (Watcher watcher = watch.start()) {
 *   ...                              // each change of notes.txt: count.sh 0, count.sh 1, ...
 * }
 * }</pre>
 *
 * <p><b>A change</b> is different content: a file's size, modification time and identity (inode)
 * are compared first, and when any differs, a SHA-256 of its bytes. A write that leaves the bytes
 * as they were ({@code touch}) is no change; an editor's save that writes a temporary file and
 * renames it over the watched one is. A watched file is watched through its directory, so a deleted
 * file is still watched: the deletion itself does not run the script, its return with new content
 * does. Under a watched directory, every matching file counts, including files added or deleted.
 *
 * <p><b>Runs</b> never overlap. Changes that arrive while the script runs are coalesced into one
 * more run once it has exited. Native events are debounced: a check happens once no event came for
 * {@link #debounce()} (at most one second after the first). The script is not run when the watch
 * starts, only on a change (as otumat), unless {@link Builder#runAtStart(boolean)}.
 *
 * <p><b>State</b>: the first run gets {@link #arguments()} (or what the {@link #stateFile() state
 * file} holds); each run that exits with 0 sets the next run's arguments to the lines it printed on
 * standard output (a last line without a line break is kept; otumat drops it). A run that fails
 * keeps the arguments it was given. Standard error passes through to this process's standard error;
 * standard input is empty; the working directory is this process's.
 *
 * <p>Immutable and thread-safe; {@link #start()} may be called more than once, each call starting
 * an independent watch.
 */
public final class Watch {

  /** How often a full check runs: 5 seconds, otumat's default. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);

  /** How long native events must be quiet before a check: 50 milliseconds. */
  public static final Duration DEFAULT_DEBOUNCE = Duration.ofMillis(50);

  /** Native file events, with polling as a backstop and fallback. */
  public static final Detection DEFAULT_DETECTION = Detection.NATIVE;

  private final Path path;
  private final String script;
  private final List<String> arguments;
  private final List<String> include;
  private final List<String> exclude;
  private final Duration interval;
  private final Duration debounce;
  private final Detection detection;
  private final boolean shell;
  private final boolean stopOnError;
  private final boolean runAtStart;
  private final Path stateFile;
  private final WatchListener listener;
  private final Clock clock;
  private final Executor executor;

  private Watch(Builder b) {
    path = b.path;
    script = b.script;
    arguments = List.copyOf(b.arguments);
    include = List.copyOf(b.include);
    exclude = List.copyOf(b.exclude);
    interval = b.interval;
    debounce = b.debounce;
    detection = b.detection;
    shell = b.shell;
    stopOnError = b.stopOnError;
    runAtStart = b.runAtStart;
    stateFile = b.stateFile;
    listener = b.listener;
    clock = b.clock;
    executor = b.executor;
  }

  /** A builder with every default. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts watching and returns once the watch is in place: every change made after this returns is
   * seen. Reads the state file, checks the script, takes the content of every watched file as the
   * starting point (hashing each), sets up native events, then runs the watch on {@link
   * Builder#executor(Executor) its executor}.
   *
   * @throws IllegalArgumentException when something given must be fixed first, with a message
   *     naming it and what to do: the script does not exist, is a directory or is not executable
   *     ({@code chmod +x} or {@link Builder#shell(boolean)}); the watched path's directory does not
   *     exist; globs were given for a file; an argument has a line break and a state file is used
   * @throws java.io.UncheckedIOException when the state file or a watched file cannot be read
   */
  public Watcher start() {
    return Watcher.start(this);
  }

  /** The watched file or directory, as given. */
  public Path path() {
    return path;
  }

  /**
   * The script: a path, a command found on {@code PATH}, or with {@link #shell()} a command line.
   */
  public String script() {
    return script;
  }

  /** The first run's arguments unless the state file holds others; default none. */
  public List<String> arguments() {
    return arguments;
  }

  /** Globs a file under a watched directory must match one of; empty (the default): every file. */
  public List<String> include() {
    return include;
  }

  /** Globs of files and directories under a watched directory to ignore; default none. */
  public List<String> exclude() {
    return exclude;
  }

  /** How often a full check runs; default {@link #DEFAULT_INTERVAL}. */
  public Duration interval() {
    return interval;
  }

  /** Quiet time after native events before a check; default {@link #DEFAULT_DEBOUNCE}. */
  public Duration debounce() {
    return debounce;
  }

  /** How changes are detected; default {@link #DEFAULT_DETECTION}. */
  public Detection detection() {
    return detection;
  }

  /** Whether the script runs through {@code /bin/sh}; default false. */
  public boolean shell() {
    return shell;
  }

  /** Whether the watch stops after a failed run; default false. */
  public boolean stopOnError() {
    return stopOnError;
  }

  /** Whether the script runs once when the watch starts; default false (as otumat). */
  public boolean runAtStart() {
    return runAtStart;
  }

  /** The file that keeps the arguments across restarts; default none. */
  public Optional<Path> stateFile() {
    return Optional.ofNullable(stateFile);
  }

  WatchListener listener() {
    return listener;
  }

  Clock clock() {
    return clock;
  }

  Executor executor() {
    return executor;
  }

  /**
   * Builds a {@link Watch}; not thread-safe. {@link #path(Path)} and {@link #script(String)} are
   * required.
   */
  public static final class Builder {
    private Path path;
    private String script;
    private List<String> arguments = List.of();
    private final List<String> include = new ArrayList<>();
    private final List<String> exclude = new ArrayList<>();
    private Duration interval = DEFAULT_INTERVAL;
    private Duration debounce = DEFAULT_DEBOUNCE;
    private Detection detection = DEFAULT_DETECTION;
    private boolean shell;
    private boolean stopOnError;
    private boolean runAtStart;
    private Path stateFile;
    private WatchListener listener = WatchListener.LOGGING;
    private Clock clock = Clock.systemUTC();
    private Executor executor = Builder::daemonThread;

    private Builder() {}

    /**
     * The file or directory to watch (required). A file need not exist yet, its directory must; a
     * directory is watched with everything under it.
     */
    public Builder path(Path path) {
      this.path = Objects.requireNonNull(path, "path");
      return this;
    }

    /**
     * The script to run (required): a path to an executable file ({@code ./build.sh}) or a command
     * found on {@code PATH} ({@code make}), run without a shell; with {@link #shell(boolean)} a
     * script file run by {@code /bin/sh} (it need not be executable) or a command line.
     */
    public Builder script(String script) {
      this.script = Objects.requireNonNull(script, "script");
      return this;
    }

    /** The first run's arguments (default none); a state file that exists takes precedence. */
    public Builder arguments(List<String> arguments) {
      this.arguments = List.copyOf(arguments);
      return this;
    }

    /**
     * Adds a glob ({@link java.nio.file.FileSystem#getPathMatcher(String) glob syntax}) a file
     * under a watched directory must match; with none, every file counts. A glob without {@code /}
     * matches a file's name at any depth ({@code *.md}); one with {@code /} matches the path
     * relative to the directory ({@code docs/**.md}).
     */
    public Builder include(String glob) {
      include.add(checkGlob("include", glob));
      return this;
    }

    /**
     * Adds a glob of files, and directories, to ignore under a watched directory, matched as {@link
     * #include(String)} does; an excluded directory is not watched at all ({@code .git}, {@code
     * target}).
     */
    public Builder exclude(String glob) {
      exclude.add(checkGlob("exclude", glob));
      return this;
    }

    /** How often a full check runs (positive); default {@link #DEFAULT_INTERVAL}. */
    public Builder interval(Duration interval) {
      this.interval = Objects.requireNonNull(interval, "interval");
      return this;
    }

    /**
     * Quiet time after native events before a check (zero or more); default {@link
     * #DEFAULT_DEBOUNCE}.
     */
    public Builder debounce(Duration debounce) {
      this.debounce = Objects.requireNonNull(debounce, "debounce");
      return this;
    }

    /** How changes are detected; default {@link #DEFAULT_DETECTION}. */
    public Builder detection(Detection detection) {
      this.detection = Objects.requireNonNull(detection, "detection");
      return this;
    }

    /**
     * Run the script through {@code /bin/sh} ({@code cmd.exe /c} on Windows): an existing file is
     * run as {@code sh FILE ARGS...}, anything else as {@code sh -c SCRIPT sh ARGS...} (the
     * arguments are {@code $1}, {@code $2}, ...). Default false: the script is executed directly.
     */
    public Builder shell(boolean shell) {
      this.shell = shell;
      return this;
    }

    /** Stop the watch after a run that fails (exit code other than 0); default false. */
    public Builder stopOnError(boolean stopOnError) {
      this.stopOnError = stopOnError;
      return this;
    }

    /**
     * Run the script once as soon as the watch starts; default false (otumat runs on change only).
     */
    public Builder runAtStart(boolean runAtStart) {
      this.runAtStart = runAtStart;
      return this;
    }

    /**
     * A file that keeps the arguments across restarts (default none): read at start when it exists
     * (then it wins over {@link #arguments(List)}), replaced atomically after every run that
     * succeeds. UTF-8, one argument per line, each line ending with {@code \n}.
     */
    public Builder stateFile(Path stateFile) {
      this.stateFile = Objects.requireNonNull(stateFile, "stateFile");
      return this;
    }

    /** Told about runs and notices; default {@link WatchListener#LOGGING}. */
    public Builder listener(WatchListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** Time stamps of runs; default {@link Clock#systemUTC()}. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Runs the watch: one task that lasts as long as the watch. Default: a new daemon thread named
     * {@code upkeep-watch} per started watch (call {@link Watcher#await()} to keep a JVM running).
     */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * The watch.
     *
     * @throws IllegalArgumentException naming every missing or invalid setting
     */
    public Watch build() {
      List<String> problems = new ArrayList<>();
      if (path == null) {
        problems.add("path is required");
      }
      if (script == null || script.isBlank()) {
        problems.add("script is required");
      }
      if (interval.isNegative() || interval.isZero()) {
        problems.add("interval must be positive, was " + interval);
      }
      if (debounce.isNegative()) {
        problems.add("debounce must be zero or more, was " + debounce);
      }
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException(String.join("; ", problems));
      }
      return new Watch(this);
    }

    private static String checkGlob(String setting, String glob) {
      Objects.requireNonNull(glob, setting);
      try {
        FileSystems.getDefault().getPathMatcher("glob:" + glob);
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException(
            setting + " glob \"" + glob + "\" is invalid: " + e.getDescription(), e);
      }
      return glob;
    }

    private static void daemonThread(Runnable task) {
      Thread t = new Thread(task, "upkeep-watch");
      t.setDaemon(true);
      t.start();
    }
  }
}
