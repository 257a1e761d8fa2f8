package dev.upkeep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The real command as users run it: {@code java -jar upkeep.jar ARGS} with the shaded jar the build
 * made ({@code target/upkeep.jar}, built in the package phase, before the integration tests).
 */
final class UpkeepJar {
  private UpkeepJar() {}

  /** The jar; the build passes its path as the system property {@code upkeepJar}. */
  static Path jar() {
    Path jar = Path.of(System.getProperty("upkeepJar", "target/upkeep.jar")).toAbsolutePath();
    assertThat(jar).as("the shaded jar (mvn verify builds it before the ITs)").isRegularFile();
    return jar;
  }

  /** {@code java -jar upkeep.jar ARGS}. */
  static List<String> command(String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-jar");
    cmd.add(jar().toString());
    cmd.addAll(List.of(args));
    return cmd;
  }

  /** {@link #command} as one line for {@code sh -c}, each word single-quoted. */
  static String shell(String... args) {
    List<String> words = new ArrayList<>();
    for (String w : command(args)) {
      words.add("'" + w.replace("'", "'\\''") + "'");
    }
    return String.join(" ", words);
  }
}
