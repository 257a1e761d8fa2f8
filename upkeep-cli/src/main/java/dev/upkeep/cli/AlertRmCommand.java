package dev.upkeep.cli;

import dev.upkeep.cli.output.OutputOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code upkeep alert rm NAME RULE_ID [-q]}: {@code DELETE .../alert-rules/{id}} (master token);
 * the rule goes with its alerts and their delivery log. An unknown rule fails with the collector's
 * 404 (exit 1).
 */
@Command(
    name = "rm",
    mixinStandardHelpOptions = true,
    description = "Remove an alert rule with its alerts and their delivery log (master token).")
final class AlertRmCommand implements Callable<Integer> {
  @Mixin ServerOptions server;

  @Mixin OutputOptions.Quiet quiet;

  @Parameters(index = "0", paramLabel = "NAME", description = "owner/name")
  String name;

  @Parameters(index = "1", paramLabel = "RULE_ID", description = "As upkeep alert rules lists it.")
  long rule;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    server.client().delete(ApiClient.projectPath(name, "/alert-rules/" + rule));
    quiet.out(spec.commandLine().getOut()).println("removed alert rule " + rule + " of " + name);
    return 0;
  }
}
