package dev.upkeep.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code upkeep alert secret}: seals a value with the collector's secrets key ({@code POST
 * /v1/alert-secrets}, master token) and prints the {@code enc:v1:…} reference, one line, for a
 * destination's {@code secret=} or Slack's URL. The value is read from the terminal without echo
 * when there is one ({@link System#console()}), else from standard input, all of it less one
 * trailing line break; never from an argument, which the shell's history would keep.
 *
 * <p>An empty value is a usage error (exit 2); the collector's errors exit 1.
 */
@Command(
    name = "secret",
    mixinStandardHelpOptions = true,
    description = {
      "Seal a secret with the collector's key and print its enc:v1:... reference (master token).",
      "The value is typed without echo on a terminal, or piped in: printf %%s \"$HOOK_SECRET\" |"
          + " upkeep alert secret. Never an argument, so it stays out of the shell's history."
    })
final class AlertSecretCommand implements Callable<Integer> {
  @Mixin ServerOptions server;

  /** Caught so that a value given as an argument is refused without being repeated. */
  @Parameters(arity = "0..*", hidden = true)
  List<String> arguments = List.of();

  @Spec CommandSpec spec;

  /** Where the value is typed without echo, or null to read {@link #in}; tests replace it. */
  Console console = System.console();

  /** Where the value is read from without a console; tests replace it. */
  InputStream in = System.in;

  @Override
  public Integer call() {
    if (!arguments.isEmpty()) {
      throw new ParameterException(
          spec.commandLine(),
          "the value is read from standard input, not from an argument (the shell's history keeps"
              + " arguments): printf %s \"$VALUE\" | upkeep alert secret");
    }
    String value = read();
    if (value.isEmpty()) {
      throw new ParameterException(
          spec.commandLine(),
          "no value to seal: standard input was empty (pipe the value in, or run on a terminal to"
              + " type it)");
    }
    JsonNode r = server.client().post("/v1/alert-secrets", Map.of("value", value));
    spec.commandLine().getOut().println(r.path("secret").asText());
    return 0;
  }

  private String read() {
    if (console != null) {
      char[] typed = console.readPassword("Value to seal (not shown): ");
      if (typed == null) {
        return "";
      }
      String value = new String(typed);
      Arrays.fill(typed, ' ');
      return value;
    }
    try {
      String all = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      if (all.endsWith("\r\n")) {
        return all.substring(0, all.length() - 2);
      }
      return all.endsWith("\n") ? all.substring(0, all.length() - 1) : all;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read the value from standard input: " + e.getMessage(), e);
    }
  }
}
