package dev.upkeep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line builds only the subcommand it runs, and reads as before for help. */
class MainTest {
  @Test
  void aNamedSubcommandIsTheOnlyOneBuilt() {
    CommandLine line = Main.commandLine("hash", "some/dir");

    assertThat(line.getSubcommands()).containsOnlyKeys("hash");
  }

  @Test
  void aSubcommandKeepsWhatItsModelTransformerSet() {
    assertThat(
            Main.commandLine("watch", "-f", "x", "-s", "y")
                .getSubcommands()
                .get("watch")
                .getCommandSpec()
                .parser()
                .stopAtPositional())
        .isTrue();
    assertThat(
            Main.commandLine()
                .getSubcommands()
                .get("watch")
                .getCommandSpec()
                .parser()
                .stopAtPositional())
        .isTrue();
  }

  @Test
  void helpAndUnknownCommandsSeeEverySubcommandInOrder() {
    assertThat(Main.commandLine().getSubcommands().keySet())
        .startsWith("serve", "config", "project")
        .endsWith("logout", "completion", "help")
        .contains("privacy")
        .containsSequence("usage", "health", "alert", "check")
        .hasSize(24);
    assertThat(Main.commandLine("help", "hash").getSubcommands()).hasSize(24);
    assertThat(Main.commandLine("--help").getSubcommands()).hasSize(24);
    assertThat(Main.commandLine("no-such-command").getSubcommands()).hasSize(24);
  }

  @Test
  void versionNamesTheBuildsCommit() {
    StringWriter out = new StringWriter();
    int code = Main.run(new PrintWriter(out), new PrintWriter(new StringWriter()), "--version");

    assertThat(code).isZero();
    assertThat(out.toString())
        .matches(
            "upkeep (\\S+|development build) \\((commit [0-9a-f]{7,}(, with uncommitted changes)?|unknown commit)\\)\\R");
  }

  @Test
  void completionScriptsNameEveryCommand() {
    StringWriter bash = new StringWriter();
    int code =
        Main.run(new PrintWriter(bash), new PrintWriter(new StringWriter()), "completion", "bash");
    StringWriter zsh = new StringWriter();
    Main.run(new PrintWriter(zsh), new PrintWriter(new StringWriter()), "completion", "zsh");

    assertThat(code).isZero();
    assertThat(bash.toString())
        .contains("complete -F")
        .contains("serve", "privacy", "release", "completion");
    assertThat(zsh.toString())
        .startsWith("autoload -U +X compinit")
        .contains("bashcompinit")
        .endsWith(bash.toString());
    assertThat(
            Main.run(
                new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()),
                "completion",
                "fish"))
        .isEqualTo(2);
  }

  @Test
  void helpListsEveryCommandAndASubcommandsHelpIsItsOwn() {
    StringWriter out = new StringWriter();
    int code = Main.run(new PrintWriter(out), new PrintWriter(new StringWriter()), "--help");

    assertThat(code).isZero();
    assertThat(out.toString()).contains("serve", "hash", "release", "watch", "logout");

    StringWriter help = new StringWriter();
    assertThat(Main.run(new PrintWriter(help), new PrintWriter(new StringWriter()), "help"))
        .isZero();
    assertThat(help.toString())
        .contains(
            "Exit codes:", "  0     Done.", "  1     The command failed", "  2     Usage error")
        .contains("130", "NO_COLOR");

    StringWriter hashHelp = new StringWriter();
    Main.run(new PrintWriter(hashHelp), new PrintWriter(new StringWriter()), "hash", "--help");
    assertThat(hashHelp.toString()).startsWith("Usage: upkeep hash");
  }
}
