package dev.upkeep.cli;

import dev.upkeep.cli.term.Colour;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code upkeep} command: the collector and its administration. */
@Command(
    name = "upkeep",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Self-hosted telemetry collector and toolkit for software maintainers.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:Done.",
      "1:The command failed, or what it checked did not hold (a signature, a release, a"
          + " store): one line on standard error, 'upkeep: what went wrong'.",
      "2:Usage error (an unknown option, a missing argument), one line naming the help to"
          + " read; for hash, sign, verify, watch and release also a file that cannot be read or"
          + " written.",
      "130:Interrupted (Ctrl-C); 143 for SIGTERM, after serve has shut down cleanly."
    },
    footerHeading = "%nEnvironment:%n",
    footer = {
      "NO_COLOR  set to anything but the empty string: no colour, even on a terminal (colour is"
          + " only ever used on one, and not with TERM=dumb).",
      "UPKEEP_*  every collector setting, e.g. UPKEEP_PORT=9090 (see upkeep config).",
      "UPKEEP_DEBUG=1  an error's stack trace after its line (for a bug report)."
    })
public final class Main {
  /**
   * The subcommands, in the order of {@code upkeep --help}. Picocli reads a command's annotations
   * (options, mixins, nested subcommands) when it is added, which for all of them took about 0.3 s
   * of every run; {@link #commandLine} adds only the one a command line names.
   */
  private static final List<Class<?>> SUBCOMMANDS =
      List.of(
          ServeCommand.class,
          ConfigCommand.class,
          ProjectCommand.class,
          VersionCommand.class,
          TokenCommand.class,
          InstallCommand.class,
          PrivacyCommand.class,
          UsageCommand.class,
          HealthCommand.class,
          AlertCommand.class,
          CheckCommand.class,
          PingCommand.class,
          StoreCommand.class,
          DemoCommand.class,
          dev.upkeep.cli.signing.KeygenCommand.class,
          dev.upkeep.cli.signing.HashCommand.class,
          dev.upkeep.cli.signing.SignCommand.class,
          dev.upkeep.cli.signing.VerifyCommand.class,
          dev.upkeep.cli.watch.WatchCommand.class,
          dev.upkeep.cli.release.ReleaseCommand.class,
          dev.upkeep.cli.release.LoginCommand.class,
          dev.upkeep.cli.release.LogoutCommand.class,
          CompletionCommand.class,
          CommandLine.HelpCommand.class);

  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit code: 0 ok, 1 failed, 2 usage error. */
  public static int run(String... args) {
    return run(
        new PrintWriter(System.out, true, Charset.defaultCharset()),
        new PrintWriter(System.err, true, Charset.defaultCharset()),
        args);
  }

  /**
   * Runs the command line writing to the given streams; returns the exit code. Help is coloured
   * only as {@link Colour#enabled()} says (on a terminal, without {@code NO_COLOR}); an error is
   * one line on {@code err} ({@link OneLineErrors}).
   */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    OneLineErrors errors = new OneLineErrors(System.getenv());
    return commandLine(args)
        .setColorScheme(
            CommandLine.Help.defaultColorScheme(
                Colour.enabled() ? CommandLine.Help.Ansi.ON : CommandLine.Help.Ansi.OFF))
        .setOut(out)
        .setErr(err)
        .setParameterExceptionHandler(errors)
        .setExecutionExceptionHandler(errors)
        .execute(args);
  }

  /**
   * The {@code upkeep} command with every subcommand, as {@code upkeep help} shows it: what the
   * distribution's manual pages and completion scripts are generated from. Not thread-safe; one per
   * caller.
   */
  public static CommandLine everyCommand() {
    return commandLine();
  }

  /**
   * The {@code upkeep} command with only the subcommand {@code args} starts with, when it names one
   * (other than {@code help}); with every subcommand otherwise, so that help, a usage error and
   * {@code upkeep help CMD} read as before.
   */
  static CommandLine commandLine(String... args) {
    CommandLine line = new CommandLine(new Main());
    String first = args.length > 0 ? args[0] : "";
    for (Class<?> c : SUBCOMMANDS) {
      if (c != CommandLine.HelpCommand.class && name(c).equals(first)) {
        line.addSubcommand(c);
        return transformed(line);
      }
    }
    SUBCOMMANDS.forEach(line::addSubcommand);
    return transformed(line);
  }

  /**
   * Applies each subcommand's model transformer again: adding a subcommand to a command line made
   * first gives it the parent's parser settings, which undoes what its transformer set (e.g. {@code
   * watch} stopping at the script's name), where declaring it in the parent's annotation did not.
   */
  private static CommandLine transformed(CommandLine line) {
    for (CommandLine sub : line.getSubcommands().values()) {
      CommandLine.Model.CommandSpec spec = sub.getCommandSpec();
      if (spec.modelTransformer() != null) {
        spec.modelTransformer().transform(spec);
      }
      transformed(sub);
    }
    return line;
  }

  private static String name(Class<?> command) {
    return command.getAnnotation(Command.class).name();
  }

  /**
   * {@code upkeep --version}: the version from the jar's manifest and the commit the build was made
   * from ({@code git.properties}, written by git-commit-id at build time): {@code upkeep
   * 0.1.0-SNAPSHOT (commit 49c8b3e)}, {@code (commit 49c8b3e, with uncommitted changes)}, or {@code
   * (unknown commit)} for a build outside a git checkout.
   */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {
        "upkeep " + (v == null ? "development build" : v) + " (" + commit() + ")"
      };
    }

    static String commit() {
      java.util.Properties git = new java.util.Properties();
      try (java.io.InputStream in = Main.class.getResourceAsStream("git.properties")) {
        if (in != null) {
          git.load(in);
        }
      } catch (java.io.IOException e) {
        return "unknown commit";
      }
      String id = git.getProperty("git.commit.id.abbrev");
      if (id == null || id.isBlank()) {
        return "unknown commit";
      }
      return "commit "
          + id
          + ("true".equals(git.getProperty("git.dirty")) ? ", with uncommitted changes" : "");
    }
  }
}
