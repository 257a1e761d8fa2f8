package dev.upkeep.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.upkeep.cli.output.OutputOptions;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code upkeep alert list NAME [--state firing|acknowledged|resolved|open] [--json]}: {@code GET
 * .../alerts} as a table, newest first, at most the collector's 100: ID, STATE, RULE ({@code
 * failure-rate #1}), VERSION ({@code -} for a rule of the whole project), FIRED (UTC, to the
 * second), SUMMARY. {@code --json} prints the collector's answer as it came.
 */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = {
      "List a project's alerts, newest first, at most 100 (master or project token).",
      "With --json: the collector's answer to GET /v1/projects/NAME/alerts."
    })
final class AlertListCommand implements Callable<Integer> {
  /** The most alerts the collector lists. */
  static final int MAX_LISTED = 100;

  /** {@code --state}'s values, as the collector takes them. */
  enum State {
    firing,
    acknowledged,
    resolved,
    open
  }

  @Mixin ServerOptions server;

  @Mixin OutputOptions.Json json;

  @Parameters(index = "0", paramLabel = "NAME", description = "owner/name")
  String name;

  @Option(
      names = "--state",
      paramLabel = "STATE",
      description =
          "Only alerts in this state: ${COMPLETION-CANDIDATES} (open: firing or acknowledged).")
  State state;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    String query = state == null ? "" : "?state=" + state.name();
    JsonNode r = server.client().get(ApiClient.projectPath(name, "/alerts" + query));
    PrintWriter out = spec.commandLine().getOut();
    if (json.on()) {
      json.print(out, r);
      return 0;
    }
    JsonNode alerts = r.path("alerts");
    if (alerts.isEmpty()) {
      out.println(name + " has no " + (state == null ? "" : state.name() + " ") + "alerts");
      return 0;
    }
    TextTable t = new TextTable("ID", "STATE", "RULE", "VERSION", "FIRED", "SUMMARY");
    for (JsonNode a : alerts) {
      t.row(
          a.path("id").asText(),
          a.path("state").asText(),
          AlertText.rule(a),
          AlertText.text(a.get("version")),
          AlertText.time(a.get("fired_at")),
          a.path("summary").asText());
    }
    t.print(out);
    if (alerts.size() >= MAX_LISTED) {
      out.println("(the newest " + MAX_LISTED + " alerts; older ones are not listed)");
    }
    return 0;
  }
}
