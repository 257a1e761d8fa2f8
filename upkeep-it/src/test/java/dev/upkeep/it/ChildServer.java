package dev.upkeep.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code upkeep serve} in a child JVM, as a user runs it, so it can be killed for real. */
public final class ChildServer implements AutoCloseable {
  private static final Pattern LISTENING = Pattern.compile("listening on http://[^:]+:(\\d+)");

  public final Process process;
  public final int port;
  public final List<String> output = java.util.Collections.synchronizedList(new ArrayList<>());
  private Thread drain;

  private ChildServer(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /**
   * Starts {@code upkeep serve --no-rate-limit} on a free port over {@code dataDir}; returns once
   * it listens.
   */
  public static ChildServer start(Path dataDir, String... extra) throws IOException {
    List<String> args = new ArrayList<>(List.of("--no-rate-limit"));
    args.addAll(List.of(extra));
    return startWith(dataDir, args);
  }

  /** As {@link #start}, with the default limits unless {@code args} changes them. */
  public static ChildServer startWith(Path dataDir, List<String> args) throws IOException {
    return startWith(dataDir, List.of(), args);
  }

  /** As {@link #startWith(Path, List)}, with options for the child JVM (e.g. {@code -Xmx256m}). */
  public static ChildServer startWith(Path dataDir, List<String> jvmArgs, List<String> args)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmArgs);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("dev.upkeep.cli.Main");
    cmd.add("serve");
    cmd.addAll(
        List.of(
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--data",
            dataDir.toString(),
            "--master-token-file",
            dataDir.resolve("master").toString()));
    cmd.addAll(args);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    List<String> seen = new ArrayList<>();
    String line;
    while ((line = out.readLine()) != null) {
      seen.add(line);
      Matcher m = LISTENING.matcher(line);
      if (m.find() && line.startsWith("Upkeep collector")) {
        ChildServer child = new ChildServer(p, Integer.parseInt(m.group(1)));
        child.output.addAll(seen);
        child.drain =
            new Thread(
                () -> {
                  try {
                    for (String l = out.readLine(); l != null; l = out.readLine()) {
                      child.output.add(l);
                    }
                  } catch (IOException e) {
                    // the child is gone
                  }
                });
        child.drain.setDaemon(true);
        child.drain.start();
        return child;
      }
    }
    throw new IllegalStateException("upkeep serve exited before listening: " + seen);
  }

  public String masterToken(Path dataDir) throws IOException {
    return Files.readString(dataDir.resolve("master")).trim();
  }

  /** SIGKILL: no shutdown hook runs. */
  void kill() throws InterruptedException {
    process.toHandle().destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGTERM: the shutdown hook drains and closes; returns the exit code. */
  public int terminate() throws InterruptedException {
    // Through the handle: Process.destroy() would also close our end of the child's output.
    process.toHandle().destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("upkeep serve did not stop within 60 s of SIGTERM");
    }
    drain.join(10_000);
    return process.exitValue();
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
  }
}
