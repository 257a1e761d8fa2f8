package dev.upkeep.dist;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A distribution archive unpacked into a directory with the tools a user has ({@code tar}, {@code
 * unzip}), and its {@code bin/upkeep} run as a user runs it: a child process with a given
 * environment.
 */
final class Installation {
  private static final Pattern LISTENING = Pattern.compile("listening on http://[^:]+:(\\d+)");

  /** The unpacked top directory, {@code upkeep-VERSION}. */
  final Path home;

  private final Map<String, String> env;

  private Installation(Path home, Map<String, String> env) {
    this.home = home;
    this.env = env;
  }

  /** Unpacks {@code archive} (.tar.gz or .zip) into {@code into}, run with the caller's env. */
  static Installation unpack(Path archive, Path into) throws IOException, InterruptedException {
    List<String> cmd =
        archive.toString().endsWith(".zip")
            ? List.of("unzip", "-q", archive.toString(), "-d", into.toString())
            : List.of("tar", "-xzf", archive.toString(), "-C", into.toString());
    Result r = exec(new ProcessBuilder(cmd));
    if (r.code != 0) {
      throw new IllegalStateException(cmd + " failed: " + r.err);
    }
    return new Installation(into.resolve("upkeep-" + System.getProperty("upkeep.version")), null);
  }

  /** The same installation, its commands run with exactly {@code env} (nothing inherited). */
  Installation withEnvironment(Map<String, String> env) {
    return new Installation(home, env);
  }

  /** Runs {@code bin/upkeep ARGS} to the end (at most 2 minutes). */
  Result run(String... args) throws IOException, InterruptedException {
    return exec(command(args));
  }

  /**
   * Starts {@code bin/upkeep serve} on a free loopback port over {@code data} (master token in
   * {@code data/master}); returns once it listens.
   */
  Server serve(Path data) throws IOException {
    return Server.start(
        command(
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--data",
            data.toString(),
            "--master-token-file",
            data.resolve("master").toString()));
  }

  private ProcessBuilder command(String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(home.resolve("bin/upkeep").toString());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(home.toFile());
    if (env != null) {
      pb.environment().clear();
      pb.environment().putAll(env);
    }
    return pb;
  }

  static Result exec(ProcessBuilder pb) throws IOException, InterruptedException {
    Path out = Files.createTempFile("upkeep-out", ".txt");
    Path err = Files.createTempFile("upkeep-err", ".txt");
    try {
      Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!p.waitFor(2, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new IllegalStateException(pb.command() + " did not end within 2 minutes");
      }
      return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  /** What a command did: its exit code, standard output and standard error. */
  record Result(int code, String out, String err) {}

  /**
   * A running {@code upkeep serve}; closing it sends SIGTERM to the JVM (the process itself or,
   * when it runs under a wrapper such as unshare, the wrapper's descendants) and waits.
   */
  record Server(Process process, int port, List<String> output) implements AutoCloseable {
    /** Starts {@code serve} and returns once it logs the port it listens on. */
    static Server start(ProcessBuilder serve) throws IOException {
      Process p = serve.redirectErrorStream(true).start();
      BufferedReader out =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      List<String> seen = Collections.synchronizedList(new ArrayList<>());
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        seen.add(line);
        Matcher m = LISTENING.matcher(line);
        if (line.startsWith("Upkeep collector") && m.find()) {
          Thread drain =
              new Thread(
                  () -> {
                    try {
                      for (String l = out.readLine(); l != null; l = out.readLine()) {
                        seen.add(l);
                      }
                    } catch (IOException e) {
                      // the server is gone
                    }
                  });
          drain.setDaemon(true);
          drain.start();
          return new Server(p, Integer.parseInt(m.group(1)), seen);
        }
      }
      throw new IllegalStateException(serve.command() + " exited before listening: " + seen);
    }

    String url() {
      return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() {
      process.toHandle().descendants().forEach(ProcessHandle::destroy);
      process.toHandle().destroy();
      try {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}
