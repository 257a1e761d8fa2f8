package dev.upkeep.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.upkeep.cli.output.OutputOptions;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code upkeep alert show NAME ALERT_ID [--json]}: {@code GET .../alerts/{id}}: the alert's fields
 * one per line, its evidence as indented JSON, then its delivery log as a table (AT, DESTINATION,
 * ATTEMPT, OUTCOME, HTTP, DELIVERY, ERROR), oldest attempt first. {@code --json} prints the
 * collector's answer as it came. An unknown alert fails with the collector's 404.
 */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    description = {
      "Show an alert, its evidence and its delivery log (master or project token).",
      "With --json: the collector's answer to GET /v1/projects/NAME/alerts/ALERT_ID."
    })
final class AlertShowCommand implements Callable<Integer> {
  @Mixin ServerOptions server;

  @Mixin OutputOptions.Json json;

  @Parameters(index = "0", paramLabel = "NAME", description = "owner/name")
  String name;

  @Parameters(index = "1", paramLabel = "ALERT_ID", description = "As upkeep alert list lists it.")
  long alert;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    JsonNode a = server.client().get(ApiClient.projectPath(name, "/alerts/" + alert));
    PrintWriter out = spec.commandLine().getOut();
    if (json.on()) {
      json.print(out, a);
      return 0;
    }
    out.println("alert " + a.path("id").asText() + " of " + name + ": " + a.path("state").asText());
    field(out, "rule", AlertText.rule(a));
    field(out, "version", AlertText.text(a.get("version")));
    field(out, "fired", AlertText.time(a.get("fired_at")));
    field(out, "acked", AlertText.time(a.get("acked_at")));
    field(out, "resolved", AlertText.time(a.get("resolved_at")));
    field(out, "summary", AlertText.text(a.get("summary")));
    field(out, "flagged", AlertText.text(a.get("flag_reason")));
    out.println("evidence:");
    a.path("evidence").toPrettyString().lines().forEach(l -> out.println("  " + l));
    out.println();
    JsonNode log = a.path("deliveries");
    if (log.isEmpty()) {
      out.println("No delivery attempt logged.");
      return 0;
    }
    TextTable t =
        new TextTable("AT", "DESTINATION", "ATTEMPT", "OUTCOME", "HTTP", "DELIVERY", "ERROR");
    for (JsonNode d : log) {
      int status = d.path("http_status").asInt();
      t.row(
          AlertText.time(d.get("at")),
          d.path("destination").asText(),
          d.path("attempt").asText(),
          d.path("outcome").asText(),
          status == 0 ? null : Integer.toString(status),
          d.path("delivery_id").asText(),
          AlertText.text(d.get("error")));
    }
    t.print(out);
    return 0;
  }

  private static void field(PrintWriter out, String name, String value) {
    out.println(String.format("%-9s %s", name + ":", value == null ? "-" : value));
  }
}
