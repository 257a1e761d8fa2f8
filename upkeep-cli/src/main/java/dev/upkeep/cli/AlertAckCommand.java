package dev.upkeep.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.upkeep.cli.output.OutputOptions;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code upkeep alert ack NAME ALERT_ID [-q]}: {@code POST .../alerts/{id}/ack} (master token). A
 * firing alert becomes acknowledged: it stays open and does not fire again until its rule stops
 * holding. A resolved alert is left as it is (said so, exit 0); an unknown one fails with the
 * collector's 404 (exit 1).
 */
@Command(
    name = "ack",
    mixinStandardHelpOptions = true,
    description = {
      "Acknowledge an alert (master token): it stays open and does not fire again until its rule"
          + " stops holding."
    })
final class AlertAckCommand implements Callable<Integer> {
  @Mixin ServerOptions server;

  @Mixin OutputOptions.Quiet quiet;

  @Parameters(index = "0", paramLabel = "NAME", description = "owner/name")
  String name;

  @Parameters(index = "1", paramLabel = "ALERT_ID", description = "As upkeep alert list lists it.")
  long alert;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    JsonNode a =
        server.client().post(ApiClient.projectPath(name, "/alerts/" + alert + "/ack"), Map.of());
    String what =
        AlertText.rule(a) + (a.path("version").isTextual() ? " " + a.get("version").asText() : "");
    String line =
        a.path("state").asText().equals("resolved")
            ? "alert "
                + alert
                + " of "
                + name
                + " ("
                + what
                + ") was resolved at "
                + AlertText.time(a.get("resolved_at"))
                + "; nothing to acknowledge"
            : "acknowledged alert "
                + alert
                + " of "
                + name
                + " ("
                + what
                + "): it stays open and does not fire again until its rule stops holding";
    quiet.out(spec.commandLine().getOut()).println(line);
    return 0;
  }
}
