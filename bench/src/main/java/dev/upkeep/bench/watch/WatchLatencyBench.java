package dev.upkeep.bench.watch;

import dev.upkeep.watch.Detection;
import dev.upkeep.watch.Run;
import dev.upkeep.watch.Watch;
import dev.upkeep.watch.WatchListener;
import dev.upkeep.watch.Watcher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Watch latency (W): the time from a change of a watched file to the start of the script it runs,
 * for each mode given, with {@code upkeep-watch}'s library API in this process.
 *
 * <p>The script is {@code #!/bin/sh} + {@code date +%s%N >> LOG}: it appends the wall-clock time at
 * which it runs, in nanoseconds. The harness takes the wall-clock time ({@link Instant#now()}, the
 * same clock) just before each change, makes the change as editors save (a temporary file renamed
 * over the watched one), waits for the script's line and for the run to finish, then waits a random
 * time before the next change: up to one interval with polling (so changes fall at every phase of
 * the polling cycle), up to 20 ms with native events. The latency includes starting {@code /bin/sh}
 * and {@code date}: the "spawn floor" row measures that alone (the same script started directly
 * with {@link ProcessBuilder}, from just before {@code start()} to its line).
 *
 * <p>Options ({@code --name=value}): {@code modes} (native,native-debounce0,poll-0.1,poll-5),
 * {@code changes} (200 per mode), {@code warmup} (10 changes per mode, not counted), {@code dir} (a
 * temporary directory). Prints Markdown to stdout, progress to stderr.
 */
public final class WatchLatencyBench {
  private static final Duration RUN_TIMEOUT = Duration.ofSeconds(60);

  private final Path dir;
  private final int changes;
  private final int warmup;
  private final Random random = new Random(42);

  private WatchLatencyBench(Path dir, int changes, int warmup) {
    this.dir = dir;
    this.changes = changes;
    this.warmup = warmup;
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new LinkedHashMap<>();
    for (String a : args) {
      int eq = a.indexOf('=');
      if (!a.startsWith("--") || eq < 0) {
        throw new IllegalArgumentException("options are --name=value, was " + a);
      }
      options.put(a.substring(2, eq), a.substring(eq + 1));
    }
    Path dir =
        options.containsKey("dir")
            ? Path.of(options.get("dir"))
            : Files.createTempDirectory("upkeep-watch-bench");
    WatchLatencyBench bench =
        new WatchLatencyBench(
            dir,
            Integer.parseInt(options.getOrDefault("changes", "200")),
            Integer.parseInt(options.getOrDefault("warmup", "10")));
    List<Mode> modes = new ArrayList<>();
    for (String m :
        options.getOrDefault("modes", "native,native-debounce0,poll-0.1,poll-5").split(",")) {
      modes.add(Mode.parse(m.trim()));
    }
    System.out.println(
        "| mode | detection | interval | debounce | changes | p50 | p99 | min | max |");
    System.out.println("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    Samples floor = bench.spawnFloor();
    System.out.println(
        "| spawn floor | ProcessBuilder.start, no watch | – | – | "
            + floor.count()
            + " | "
            + row(floor));
    for (Mode mode : modes) {
      Samples s = bench.measure(mode);
      System.out.println(
          "| "
              + mode.name()
              + " | "
              + mode.detection()
              + " | "
              + seconds(mode.interval())
              + " | "
              + (mode.detection() == Detection.POLLING ? "–" : mode.debounce().toMillis() + " ms")
              + " | "
              + s.count()
              + " | "
              + row(s));
    }
  }

  private static String row(Samples s) {
    return Samples.format(s.percentile(50))
        + " | "
        + Samples.format(s.percentile(99))
        + " | "
        + Samples.format(s.min())
        + " | "
        + Samples.format(s.max())
        + " |";
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() / 1000.0 + " s";
  }

  /** The script alone: from just before ProcessBuilder.start() to the time it writes. */
  private Samples spawnFloor() throws Exception {
    Path log = dir.resolve("floor.log");
    Path script = stampScript("floor.sh", log);
    long[] out = new long[changes];
    for (int i = -warmup; i < changes; i++) {
      long before = nowNanos();
      Process p = new ProcessBuilder(script.toString()).inheritIO().start();
      p.waitFor();
      long stamped = lastStamp(log);
      if (i >= 0) {
        out[i] = stamped - before;
      }
    }
    log("spawn floor: " + changes + " runs");
    return Samples.of(out);
  }

  private Samples measure(Mode mode) throws Exception {
    Path work = Files.createDirectories(dir.resolve(mode.name()));
    Path watched = Files.writeString(work.resolve("watched.txt"), "start\n");
    Path log = dir.resolve(mode.name() + ".log"); // outside the watched directory
    Files.writeString(log, "");
    Path script = stampScript(mode.name() + ".sh", log);
    AtomicLong runs = new AtomicLong();
    WatchListener listener =
        new WatchListener() {
          @Override
          public void onRun(Run run) {
            runs.incrementAndGet();
          }
        };
    Watch watch =
        Watch.builder()
            .path(watched)
            .script(script.toString())
            .detection(mode.detection())
            .interval(mode.interval())
            .debounce(mode.debounce())
            .listener(listener)
            .build();
    long[] out = new long[changes];
    long started = System.nanoTime();
    try (Watcher watcher = watch.start()) {
      for (int i = -warmup; i < changes; i++) {
        long maxDelay =
            mode.detection() == Detection.POLLING ? mode.interval().toNanos() : 20_000_000L;
        LockSupport.parkNanos((long) (random.nextDouble() * maxDelay));
        long expected = runs.get() + 1;
        long before = nowNanos();
        save(watched, "change " + i + "\n");
        waitFor(() -> runs.get() >= expected, mode);
        long stamped = lastStamp(log);
        if (i >= 0) {
          out[i] = stamped - before;
        }
      }
      if (runs.get() != changes + warmup) {
        throw new IllegalStateException(
            mode.name() + ": " + runs.get() + " runs for " + (changes + warmup) + " changes");
      }
    }
    log(
        mode.name()
            + ": "
            + changes
            + " changes in "
            + Duration.ofNanos(System.nanoTime() - started).toSeconds()
            + " s");
    return Samples.of(out);
  }

  private interface Condition {
    boolean met() throws IOException;
  }

  private static void waitFor(Condition condition, Mode mode) throws IOException {
    long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos() + 2 * mode.interval().toNanos();
    while (!condition.met()) {
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException(mode.name() + ": no run within " + RUN_TIMEOUT);
      }
      LockSupport.parkNanos(100_000);
    }
  }

  private Path stampScript(String name, Path log) throws IOException {
    Path script = Files.writeString(dir.resolve(name), "#!/bin/sh\ndate +%s%N >> '" + log + "'\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    return script;
  }

  private static void save(Path file, String content) throws IOException {
    Path temp = Files.writeString(file.resolveSibling(".watched.txt.swp"), content);
    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private static long lastStamp(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log);
    return Long.parseLong(lines.get(lines.size() - 1).trim());
  }

  private static long nowNanos() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  private static void log(String message) {
    System.err.println("[WatchLatencyBench] " + message);
  }
}
