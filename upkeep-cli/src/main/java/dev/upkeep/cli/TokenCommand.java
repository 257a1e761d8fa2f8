package dev.upkeep.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.upkeep.cli.output.OutputOptions;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code upkeep token issue|list|revoke}: project tokens, with the master token. */
@Command(
    name = "token",
    mixinStandardHelpOptions = true,
    description = "Issue, list and revoke tokens (master token).")
final class TokenCommand {
  @Spec CommandSpec spec;

  @Command(
      mixinStandardHelpOptions = true,
      name = "issue",
      description =
          "Issue a token that reads one project's usage (--scope read, the default) or also"
              + " publishes its releases (--scope publish).")
  int issue(
      @Mixin ServerOptions server,
      @Parameters(paramLabel = "NAME") String name,
      @Option(
              names = "--scope",
              paramLabel = "read|publish",
              defaultValue = "read",
              description = "read (default) or publish")
          String scope,
      @Option(names = "--description") String description) {
    Map<String, Object> body = new HashMap<>();
    body.put("project", name);
    body.put("scope", scope);
    body.put("description", description);
    JsonNode r = server.client().post("/v1/tokens", body);
    spec.commandLine().getOut().println(r.get("token").textValue());
    return 0;
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "list",
      description = {
        "List tokens (prefixes only; tokens are stored hashed).",
        "With --json: the collector's answer to GET /v1/tokens, {\"tokens\": [...]}."
      })
  int list(@Mixin ServerOptions server, @Mixin OutputOptions.Json json) {
    JsonNode r = server.client().get("/v1/tokens");
    if (json.on()) {
      json.print(spec.commandLine().getOut(), r);
      return 0;
    }
    for (JsonNode t : r.get("tokens")) {
      spec.commandLine()
          .getOut()
          .println(
              String.join(
                  "\t",
                  t.get("prefix").textValue() + "…",
                  t.get("kind").textValue(),
                  t.get("project").isNull() ? "-" : t.get("project").textValue(),
                  t.get("created_at").textValue(),
                  t.get("revoked_at").isNull()
                      ? "active"
                      : "revoked " + t.get("revoked_at").textValue()));
    }
    return 0;
  }

  @Command(mixinStandardHelpOptions = true, name = "revoke", description = "Revoke a token.")
  int revoke(
      @Mixin ServerOptions server,
      @Mixin OutputOptions.Quiet quiet,
      @Parameters(paramLabel = "TOKEN") String token) {
    server.client().post("/v1/tokens/revoke", Map.of("token", token));
    quiet.out(spec.commandLine().getOut()).println("revoked");
    return 0;
  }
}
