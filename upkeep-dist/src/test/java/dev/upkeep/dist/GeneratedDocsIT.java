package dev.upkeep.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upkeep.cli.Main;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every command and subcommand of {@code upkeep}, as its picocli model has it, has its manual page
 * in the distribution naming each of its options, and the completion scripts know it: a command
 * added without them fails here.
 */
class GeneratedDocsIT {
  @TempDir static Path root;
  static Path home;

  @BeforeAll
  static void unpack() throws Exception {
    home = Installation.unpack(Path.of(System.getProperty("upkeep.distribution")), root).home;
  }

  @Test
  void everyCommandHasAManualPageNamingItsOptions() throws Exception {
    SoftAssertions softly = new SoftAssertions();
    List<CommandSpec> commands = commands(Main.everyCommand());
    assertThat(commands).hasSizeGreaterThan(40);
    for (CommandSpec command : commands) {
      Path page = home.resolve("share/man/man1/" + command.qualifiedName("-") + ".1");
      softly.assertThat(page).as(command.qualifiedName()).isRegularFile();
      if (!Files.isRegularFile(page)) {
        continue;
      }
      // troff writes a hyphen of an option name as \-
      String text = Files.readString(page).replace("\\-", "-").replace("\\(hy", "-");
      softly.assertThat(text).as(page.toString()).contains(".TH \"" + upper(command));
      for (OptionSpec option : command.options()) {
        if (!option.hidden()) {
          softly
              .assertThat(text)
              .as(page + " names " + option.longestName())
              .contains(option.longestName());
        }
      }
    }
    softly.assertAll();
  }

  @Test
  void theCompletionScriptsKnowEveryCommandAndOption() throws Exception {
    String bash = Files.readString(home.resolve("share/bash-completion/completions/upkeep"));
    String zsh = Files.readString(home.resolve("share/zsh/upkeep.zsh"));
    assertThat(zsh).startsWith("autoload -U +X compinit").endsWith(bash);
    SoftAssertions softly = new SoftAssertions();
    for (CommandSpec command : commands(Main.everyCommand())) {
      softly.assertThat(bash).as(command.qualifiedName()).contains(command.name());
      for (OptionSpec option : command.options()) {
        if (!option.hidden()) {
          softly.assertThat(bash).as(command.qualifiedName()).contains(option.longestName());
        }
      }
    }
    softly.assertAll();
  }

  private static String upper(CommandSpec command) {
    return command.qualifiedName("-").toUpperCase(java.util.Locale.ROOT);
  }

  private static List<CommandSpec> commands(CommandLine line) {
    List<CommandSpec> all = new ArrayList<>();
    all.add(line.getCommandSpec());
    for (CommandLine sub : line.getSubcommands().values()) {
      if (sub.getCommandSpec().parent() == line.getCommandSpec()) {
        all.addAll(commands(sub));
      }
    }
    return all;
  }
}
