package dev.upkeep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code upkeep --help} from the shaded jar on a real pseudo-terminal (util-linux {@code script}):
 * coloured there, and plain with {@code NO_COLOR}, with {@code TERM=dumb} and when piped.
 */
class ColourIT {
  private static final String ESC = "\u001b[";

  /** What {@code command} prints, run by {@code sh} on a new pseudo-terminal. */
  static String onTerminal(String command, Map<String, String> env) throws Exception {
    return run(List.of("script", "-qec", command, "/dev/null"), env);
  }

  static String run(List<String> command, Map<String, String> env) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().remove("NO_COLOR");
    pb.environment().put("TERM", "xterm-256color");
    pb.environment().putAll(env);
    Process p = pb.start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(out).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  static String help() {
    return UpkeepJar.shell("--help");
  }

  @Test
  void helpOnATerminalIsColoured() throws Exception {
    String out = onTerminal(help(), Map.of());

    assertThat(out).contains("Usage: ").contains(ESC);
  }

  @Test
  void noColorTurnsItOff() throws Exception {
    String out = onTerminal(help(), Map.of("NO_COLOR", "1"));

    assertThat(out).contains("Usage: upkeep").doesNotContain(ESC);
  }

  @Test
  void aDumbTerminalGetsNone() throws Exception {
    String out = onTerminal(help(), Map.of("TERM", "dumb"));

    assertThat(out).contains("Usage: upkeep").doesNotContain(ESC);
  }

  @Test
  void pipedOutputIsPlain() throws Exception {
    String piped = onTerminal(help() + " | cat", Map.of());
    String noTerminal = run(UpkeepJar.command("--help"), Map.of());

    assertThat(piped).contains("Usage: upkeep").doesNotContain(ESC);
    assertThat(noTerminal).contains("Usage: upkeep").doesNotContain(ESC);
  }
}
