package dev.upkeep.signing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Runs real tools (git, openssl, zip) for the interoperability tests. */
final class Commands {
  private Commands() {}

  record Result(int exit, String out) {}

  /**
   * Runs {@code command} in {@code dir} with git's user and system configuration ignored (so git's
   * defaults apply) and {@code stdin} as input; stderr is merged into the output.
   */
  static Result run(Path dir, String stdin, List<String> command)
      throws IOException, InterruptedException {
    ProcessBuilder pb =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.put("HOME", dir.toString());
    env.put("GIT_CONFIG_NOSYSTEM", "1");
    env.put("GIT_CONFIG_GLOBAL", "/dev/null");
    Process p = pb.start();
    try (var in = p.getOutputStream()) {
      if (stdin != null) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Result(p.waitFor(), out);
  }

  static String ok(Path dir, String stdin, String... command)
      throws IOException, InterruptedException {
    Result r = run(dir, stdin, List.of(command));
    if (r.exit() != 0) {
      throw new AssertionError(
          String.join(" ", command) + " failed (" + r.exit() + "): " + r.out());
    }
    return r.out();
  }
}
