package dev.upkeep.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.upkeep.cli.output.OutputOptions;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code upkeep project register|list|source}: needs the master token. */
@Command(
    name = "project",
    mixinStandardHelpOptions = true,
    description = "Register and list projects, their release sources and badges (master token).",
    subcommands = {
      ProjectSourceCommand.class,
      ProjectBadgeCommand.class,
      ProjectPublicPageCommand.class,
      ProjectVisibilityCommand.class,
      ProjectRetentionCommand.class,
      ProjectIngestKeyCommand.class
    })
final class ProjectCommand {
  @Spec CommandSpec spec;

  @Command(
      mixinStandardHelpOptions = true,
      name = "register",
      description = "Register a project so its breadcrumbs are accepted.")
  int register(
      @Mixin ServerOptions server,
      @Mixin OutputOptions.Quiet quiet,
      @Parameters(paramLabel = "NAME", description = "owner/name") String name,
      @Option(
              names = "--visibility",
              paramLabel = "private|counts-public",
              description =
                  "Who may read it without a token (default: the collector's default-visibility;"
                      + " see upkeep project visibility).")
          String visibility) {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("name", name);
    if (visibility != null) {
      body.put("visibility", visibility);
    }
    JsonNode p = server.client().post("/v1/projects", body);
    quiet
        .out(spec.commandLine().getOut())
        .println(
            "registered " + p.get("name").textValue() + " (" + p.get("visibility").asText() + ")");
    return 0;
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "list",
      description = {
        "List registered projects: name, when registered, visibility.",
        "With --json: the collector's answer to GET /v1/projects, {\"projects\": [...]}."
      })
  int list(@Mixin ServerOptions server, @Mixin OutputOptions.Json json) {
    JsonNode r = server.client().get("/v1/projects");
    if (json.on()) {
      json.print(spec.commandLine().getOut(), r);
      return 0;
    }
    for (JsonNode p : r.get("projects")) {
      spec.commandLine()
          .getOut()
          .println(
              p.get("name").textValue()
                  + "\t"
                  + p.get("registered_at").textValue()
                  + "\t"
                  + p.get("visibility").asText());
    }
    return 0;
  }
}
