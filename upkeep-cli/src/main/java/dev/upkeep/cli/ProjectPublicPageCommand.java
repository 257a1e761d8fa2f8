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

/** {@code upkeep project public-page NAME on|off}: the project's public page (master token). */
@Command(
    name = "public-page",
    mixinStandardHelpOptions = true,
    description = {
      "Turn a project's public page on or off (master token).",
      "On, /p/owner/name shows anyone its aggregate charts, read-only: active users and runs,"
          + " versions, adoption, flagged versions, platforms, containers, CI; no per-user data,"
          + " no error types, counts of fewer than 5 users left out. Off (the default), 404.",
      "A private project's page still needs a token of the project (upkeep project visibility)."
    })
final class ProjectPublicPageCommand implements Callable<Integer> {
  @Mixin ServerOptions server;

  @Mixin OutputOptions.Quiet quiet;

  @Parameters(index = "0", paramLabel = "NAME", description = "owner/name")
  String name;

  @Parameters(index = "1", paramLabel = "on|off", description = "on or off")
  ProjectBadgeCommand.Switch state;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    JsonNode r =
        server
            .client()
            .put(
                ApiClient.projectPath(name, "/public-page"),
                Map.of("enabled", state == ProjectBadgeCommand.Switch.on));
    String base = server.base();
    quiet
        .out(spec.commandLine().getOut())
        .println(
            r.get("public_page").asBoolean()
                ? "public page of " + name + " is on: " + base + r.get("url").asText()
                : "public page of " + name + " is off");
    return 0;
  }
}
