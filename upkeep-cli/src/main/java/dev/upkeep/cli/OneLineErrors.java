package dev.upkeep.cli;

import dev.upkeep.cli.errors.ErrorLine;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * How {@code upkeep} reports an error: one line on standard error, {@code upkeep: what went wrong}.
 *
 * <ul>
 *   <li>A usage error (an unknown option, a missing or bad argument) exits 2 with picocli's
 *       message, its suggestions and the help to read: {@code upkeep: Unknown option: '--bogus'
 *       (see 'upkeep help serve')}; not the whole usage help.
 *   <li>A failure while a command runs exits 1: a {@link CliException}'s message, a file-system
 *       error as {@link ErrorLine} says it, anything else its message (its class name when it has
 *       none); not a stack trace.
 * </ul>
 *
 * <p>With {@value #DEBUG}{@code =1} in the environment the stack trace follows the line. Stateless
 * after construction and thread-safe.
 */
final class OneLineErrors implements IParameterExceptionHandler, IExecutionExceptionHandler {
  /** The environment variable that adds the stack trace: {@value}. */
  static final String DEBUG = "UPKEEP_DEBUG";

  private final boolean debug;

  /** Reads {@value #DEBUG} from {@code env}. */
  OneLineErrors(Map<String, String> env) {
    this.debug = "1".equals(env.get(DEBUG));
  }

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    String suggestions = "";
    if (ex instanceof UnmatchedArgumentException unmatched) {
      List<String> similar = unmatched.getSuggestions();
      if (!similar.isEmpty()) {
        suggestions = "; did you mean '" + String.join("' or '", similar) + "'?";
      }
    }
    report(cmd.getErr(), ex, oneLine(ex.getMessage()) + suggestions + " (see '" + help(cmd) + "')");
    return cmd.getCommandSpec().exitCodeOnInvalidInput();
  }

  @Override
  public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parsed) {
    report(cmd.getErr(), ex, oneLine(ErrorLine.of(ex)));
    return cmd.getCommandSpec().exitCodeOnExecutionException();
  }

  private void report(PrintWriter err, Exception ex, String line) {
    err.println("upkeep: " + line);
    if (debug) {
      ex.printStackTrace(err);
    }
    err.flush();
  }

  /**
   * The command whose help explains a usage error in {@code cmd}: {@code upkeep help} for {@code
   * upkeep} itself (and for {@code upkeep help}), {@code upkeep help serve} for a command, {@code
   * upkeep project register --help} for a command of a command (picocli's {@code help} goes one
   * level deep).
   */
  static String help(CommandLine cmd) {
    CommandLine c = cmd.getCommandSpec().helpCommand() ? cmd.getParent() : cmd;
    if (c.getParent() == null) {
      return c.getCommandName() + " help";
    }
    if (c.getParent().getParent() == null) {
      return c.getParent().getCommandName() + " help " + c.getCommandName();
    }
    return c.getCommandSpec().qualifiedName() + " --help";
  }

  /** {@code message} on one line: its line breaks as spaces. */
  static String oneLine(String message) {
    return message.strip().replaceAll("\\s*\\R\\s*", " ");
  }
}
