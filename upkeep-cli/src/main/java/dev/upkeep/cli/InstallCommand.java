package dev.upkeep.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.upkeep.cli.output.OutputOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code upkeep install list|revoke}: a project's enrolled installs (otumat's install page and
 * Upkeep's enrollment), with the master token.
 */
@Command(
    name = "install",
    mixinStandardHelpOptions = true,
    description = "List a project's enrolled installs and revoke one (master token).")
final class InstallCommand {
  @Spec CommandSpec spec;

  @Command(
      mixinStandardHelpOptions = true,
      name = "list",
      description = {
        "List a project's installs, oldest first: id, how it enrolled, its version, when, and"
            + " whether it is revoked.",
        "With --json: the collector's answer to GET /v1/projects/NAME/installs."
      })
  int list(
      @Mixin ServerOptions server,
      @Mixin OutputOptions.Json json,
      @Parameters(paramLabel = "NAME") String name) {
    JsonNode r = server.client().get(ApiClient.projectPath(name, "/installs"));
    if (json.on()) {
      json.print(spec.commandLine().getOut(), r);
      return 0;
    }
    for (JsonNode i : r.get("installs")) {
      spec.commandLine()
          .getOut()
          .println(
              String.join(
                  "\t",
                  i.get("id").textValue(),
                  i.get("flow").textValue(),
                  i.get("package_version").isNull() ? "-" : i.get("package_version").textValue(),
                  i.get("created_at").textValue(),
                  i.get("revoked_at").isNull()
                      ? "active"
                      : "revoked " + i.get("revoked_at").textValue()));
    }
    return 0;
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "revoke",
      description =
          "Revoke an install: its tokens are refused from now on (its app asks its user again).")
  int revoke(
      @Mixin ServerOptions server,
      @Mixin OutputOptions.Quiet quiet,
      @Parameters(paramLabel = "ID") String id) {
    JsonNode r = server.client().delete("/v1/installs/" + ApiClient.encode(id));
    quiet.out(spec.commandLine().getOut()).println("revoked " + r.get("id").textValue());
    return 0;
  }
}
