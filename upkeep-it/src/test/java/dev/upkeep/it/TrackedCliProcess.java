package dev.upkeep.it;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code examples/tracked-cli/target/tracked-cli.jar} in a child JVM, as a user runs it, with its
 * own config and cache directories so the real home directory is never touched.
 */
final class TrackedCliProcess {
  final Process process;
  final Path output;

  private TrackedCliProcess(Process process, Path output) {
    this.process = process;
    this.output = output;
  }

  static Path jar() {
    Path jar =
        Path.of(
            System.getProperty("trackedCliJar", "../examples/tracked-cli/target/tracked-cli.jar"));
    if (!Files.exists(jar)) {
      throw new IllegalStateException(jar + " is missing: build the reactor (mvn verify)");
    }
    return jar;
  }

  /** Starts the jar with {@code env} added to this JVM's environment (minus opt-out variables). */
  static TrackedCliProcess start(Path home, Map<String, String> env, String... args)
      throws IOException {
    return start(home, env, false, args);
  }

  /** Whether util-linux's {@code script} is on the PATH, to give the jar a pseudo-terminal. */
  static boolean terminalAvailable() {
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, "script")));
  }

  /**
   * As {@link #start}, on a pseudo-terminal: {@code script -qfec CMD /dev/null} (util-linux) makes
   * the jar's stdin, stdout and stderr a terminal, as a user's shell does; {@link #output()} is
   * what that terminal showed, lines ending in CRLF. {@code CI=false}: whatever CI runs this test,
   * the user at this terminal is not a CI job.
   */
  static TrackedCliProcess startOnTerminal(Path home, Map<String, String> env, String... args)
      throws IOException {
    Map<String, String> e = new HashMap<>(env);
    e.put("CI", "false");
    return start(home, e, true, args);
  }

  private static TrackedCliProcess start(
      Path home, Map<String, String> env, boolean terminal, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-jar");
    cmd.add(jar().toString());
    cmd.addAll(List.of(args));
    if (terminal) {
      String line = cmd.stream().map(TrackedCliProcess::quoted).collect(Collectors.joining(" "));
      cmd = List.of("script", "-qfec", line, "/dev/null");
    }
    ProcessBuilder pb = new ProcessBuilder(cmd);
    Map<String, String> e = pb.environment();
    e.remove("DO_NOT_TRACK");
    e.remove("UPKEEP_OPTOUT");
    e.remove("UPKEEP_ENDPOINT");
    e.put("UPKEEP_CONFIG_DIR", home.resolve("config").toString());
    e.put("UPKEEP_CACHE_DIR", home.resolve("cache").toString());
    e.putAll(env);
    Path out = Files.createTempFile(home, "tracked-cli", ".log");
    pb.redirectErrorStream(true).redirectOutput(out.toFile());
    if (terminal) {
      pb.redirectInput(new File("/dev/null"));
    }
    return new TrackedCliProcess(pb.start(), out);
  }

  /** A word for {@code sh -c}, single-quoted. */
  private static String quoted(String word) {
    return "'" + word.replace("'", "'\\''") + "'";
  }

  /** Runs to completion; returns the exit code. */
  static int run(Path home, Map<String, String> env, String... args) throws Exception {
    TrackedCliProcess p = start(home, env, args);
    return p.waitFor();
  }

  int waitFor() throws Exception {
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("tracked-cli did not finish in 60 s: " + output());
    }
    return process.exitValue();
  }

  String output() throws IOException {
    return Files.readString(output, StandardCharsets.UTF_8);
  }

  /** SIGTERM, through the handle so nothing of ours is closed. */
  void terminate() {
    process.toHandle().destroy();
  }
}
