package dev.upkeep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Every error is one line on standard error: usage errors exit 2 naming the help to read, other
 * failures exit 1, a stack trace only with UPKEEP_DEBUG=1.
 */
class OneLineErrorsTest {
  @TempDir Path dir;

  record Run(int exit, String out, String err) {}

  static Run upkeep(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void anUnknownOptionIsOneLineNamingTheCommandsHelp() {
    assertThat(upkeep("serve", "--bogus"))
        .isEqualTo(new Run(2, "", "upkeep: Unknown option: '--bogus' (see 'upkeep help serve')\n"));
  }

  @Test
  void aMissingArgumentOfACommandsCommandNamesItsHelpOption() {
    assertThat(upkeep("project", "register"))
        .isEqualTo(
            new Run(
                2,
                "",
                "upkeep: Missing required parameter: 'NAME' (see 'upkeep project register"
                    + " --help')\n"));
  }

  @Test
  void theHelpAUsageErrorNamesAnswersForEveryCommand() {
    List<CommandLine> commands = new ArrayList<>();
    collect(Main.everyCommand(), commands);

    assertThat(commands).hasSizeGreaterThan(50);
    for (CommandLine command : commands) {
      String help = OneLineErrors.help(command);
      List<String> words = List.of(help.split(" "));
      Run run = upkeep(words.subList(1, words.size()).toArray(String[]::new));
      assertThat(run.exit()).as(help + ": " + run.err()).isZero();
      String name = command.getCommandSpec().helpCommand() ? "upkeep" : qualified(command);
      assertThat(run.out()).as(help).startsWith("Usage: " + name);
    }
  }

  private static void collect(CommandLine command, List<CommandLine> into) {
    into.add(command);
    command.getSubcommands().values().forEach(sub -> collect(sub, into));
  }

  private static String qualified(CommandLine command) {
    return command.getCommandSpec().qualifiedName();
  }

  @Test
  void aBadValueIsOneLine() {
    Run run = upkeep("usage", "a/b", "--from", "2026-01-01", "--format", "xml");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err())
        .startsWith("upkeep: Invalid value for option '--format': expected one of [table, json,")
        .endsWith(" (see 'upkeep help usage')\n")
        .hasLineCount(1);
  }

  @Test
  void anUnknownCommandSuggestsTheNearestAndNamesUpkeepHelp() {
    Run run = upkeep("sreve");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err())
        .startsWith("upkeep: Unmatched argument at index 0: 'sreve'; did you mean 'store'")
        .endsWith(" (see 'upkeep help')\n")
        .hasLineCount(1);
    assertThat(upkeep("help", "sreve").err())
        .startsWith("upkeep: Unknown subcommand 'sreve'.")
        .endsWith(" (see 'upkeep help')\n")
        .hasLineCount(1);
  }

  @Test
  void aFileSystemErrorWhileRunningIsOneLineAndExitsOne() {
    Path output = dir.resolve("no/such/dir/export.json");

    Run run =
        upkeep("privacy", "export", "ann", "--output", output.toString(), "--server", "http://x");

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err())
        .startsWith("upkeep: " + output.getParent() + "/.upkeep-export-")
        .endsWith(".part: no such file or directory\n")
        .hasLineCount(1);
  }

  /** A command failing in a way no command expects. */
  @Command(name = "broken")
  static final class Broken implements Callable<Integer> {
    final Exception failure;

    Broken(Exception failure) {
      this.failure = failure;
    }

    @Override
    public Integer call() throws Exception {
      throw failure;
    }
  }

  static Run broken(Exception failure, Map<String, String> env) {
    StringWriter err = new StringWriter();
    OneLineErrors errors = new OneLineErrors(env);
    int exit =
        new CommandLine(new Broken(failure))
            .setErr(new PrintWriter(err, true))
            .setExecutionExceptionHandler(errors)
            .setParameterExceptionHandler(errors)
            .execute();
    return new Run(exit, "", err.toString());
  }

  @Test
  void anUnexpectedExceptionIsItsMessageWithoutAStackTrace() {
    assertThat(broken(new IllegalStateException("the index is\ncorrupt"), Map.of()))
        .isEqualTo(new Run(1, "", "upkeep: the index is corrupt\n"));
    assertThat(broken(new NullPointerException(), Map.of()))
        .isEqualTo(new Run(1, "", "upkeep: java.lang.NullPointerException\n"));
  }

  @Test
  void upkeepDebugAddsTheStackTrace() {
    Run run = broken(new IllegalStateException("boom"), Map.of("UPKEEP_DEBUG", "1"));

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err())
        .startsWith("upkeep: boom\njava.lang.IllegalStateException: boom")
        .contains("\tat ");
    assertThat(broken(new IllegalStateException("boom"), Map.of("UPKEEP_DEBUG", "0")).err())
        .isEqualTo("upkeep: boom\n");
  }
}
