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

/** {@code upkeep project badge NAME on|off}: the project's public users badge (master token). */
@Command(
    name = "badge",
    mixinStandardHelpOptions = true,
    description = {
      "Turn a project's public users badge on or off (master token).",
      "On, GET /badge/owner/name/users.svg?period=30d (also 7d, 90d, 365d) answers an SVG",
      "for its README; off (the default), it answers 404."
    })
final class ProjectBadgeCommand implements Callable<Integer> {
  enum Switch {
    on,
    off
  }

  @Mixin ServerOptions server;

  @Mixin OutputOptions.Quiet quiet;

  @Parameters(index = "0", paramLabel = "NAME", description = "owner/name")
  String name;

  @Parameters(index = "1", paramLabel = "on|off", description = "on or off")
  Switch state;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    JsonNode r =
        server
            .client()
            .put(ApiClient.projectPath(name, "/badge"), Map.of("enabled", state == Switch.on));
    String base = server.base();
    quiet
        .out(spec.commandLine().getOut())
        .println(
            r.get("badge_enabled").asBoolean()
                ? "badge of " + name + " is on: " + base + r.get("url").asText()
                : "badge of " + name + " is off");
    return 0;
  }
}
