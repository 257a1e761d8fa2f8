package dev.upkeep.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code upkeep config}: the settings {@code upkeep serve} would run with, and nothing else. */
@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    description = "Print the effective collector settings (defaults, --config, UPKEEP_*, options).")
final class ConfigCommand implements Callable<Integer> {
  @Mixin ServeOptions options;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    try {
      options
          .toConfig(System.getenv())
          .describe()
          .forEach((k, v) -> spec.commandLine().getOut().println(k + " = " + v));
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage(), e);
    }
    return 0;
  }
}
