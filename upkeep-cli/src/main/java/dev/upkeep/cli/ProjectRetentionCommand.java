package dev.upkeep.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.upkeep.cli.output.OutputOptions;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code upkeep project retention NAME DAYSd|off|default} (master token). */
@Command(
    name = "retention",
    mixinStandardHelpOptions = true,
    description = {
      "Set how long a project's events are kept (master token).",
      "365d: events older than 365 days are deleted with their part of every count, within a day"
          + " (hourly). off: kept for ever. default: the collector's retention setting."
    })
final class ProjectRetentionCommand implements Callable<Integer> {
  @Mixin ServerOptions server;

  @Mixin OutputOptions.Quiet quiet;

  @Parameters(index = "0", paramLabel = "NAME", description = "owner/name")
  String name;

  @Parameters(index = "1", paramLabel = "DAYSd|off|default", description = "e.g. 365d")
  String retention;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    Map<String, Object> body = new HashMap<>();
    body.put("retention", retention.equals("default") ? null : retention);
    JsonNode r = server.client().put(ApiClient.projectPath(name, "/retention"), body);
    JsonNode now = r.get("retention");
    quiet
        .out(spec.commandLine().getOut())
        .println(
            now.isNull()
                ? name + " keeps events as the collector's retention says"
                : now.asText().equals("off")
                    ? name + " keeps its events for ever"
                    : name + " keeps its events " + now.asText().replace("d", " days"));
    return 0;
  }
}
