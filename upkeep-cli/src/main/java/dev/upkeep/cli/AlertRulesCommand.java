package dev.upkeep.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.upkeep.cli.output.OutputOptions;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code upkeep alert rules NAME [--json]}: {@code GET .../alert-rules} as a table, oldest first:
 * ID, WHEN, THRESHOLD ({@link AlertText#threshold}), THEN ({@code flag} or {@code -}), NOTIFY (the
 * destinations' types). {@code --json} prints the collector's answer as it came.
 */
@Command(
    name = "rules",
    mixinStandardHelpOptions = true,
    description = {
      "List a project's alert rules (master or project token).",
      "With --json: the collector's answer to GET /v1/projects/NAME/alert-rules."
    })
final class AlertRulesCommand implements Callable<Integer> {
  @Mixin ServerOptions server;

  @Mixin OutputOptions.Json json;

  @Parameters(index = "0", paramLabel = "NAME", description = "owner/name")
  String name;

  @Spec CommandSpec spec;

  /** The output's charset; tests replace it. */
  Charset charset = UsageCommand.outputCharset();

  @Override
  public Integer call() {
    JsonNode r = server.client().get(ApiClient.projectPath(name, "/alert-rules"));
    PrintWriter out = spec.commandLine().getOut();
    if (json.on()) {
      json.print(out, r);
      return 0;
    }
    if (r.path("rules").isEmpty()) {
      out.println(name + " has no alert rules (upkeep alert add adds one)");
      return 0;
    }
    TextTable t = new TextTable("ID", "WHEN", "THRESHOLD", "THEN", "NOTIFY");
    for (JsonNode rule : r.get("rules")) {
      t.row(
          rule.path("id").asText(),
          rule.path("when").asText(),
          AlertText.threshold(rule, charset),
          AlertText.then(rule),
          AlertText.notify(rule));
    }
    t.print(out);
    return 0;
  }
}
