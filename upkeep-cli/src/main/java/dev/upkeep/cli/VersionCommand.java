package dev.upkeep.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code upkeep version add|flag|unflag|list}: a project's version registry. */
@Command(
    name = "version",
    mixinStandardHelpOptions = true,
    description = "Manage a project's versions and bad-version flags (master token).")
final class VersionCommand {
  @Spec CommandSpec spec;

  @Command(name = "add", description = "Register a released version.")
  int add(
      @Mixin ServerOptions server,
      @Parameters(index = "0", paramLabel = "NAME") String name,
      @Parameters(index = "1", paramLabel = "VERSION") String version) {
    JsonNode r =
        server.client().post(ApiClient.projectPath(name, "/versions"), Map.of("version", version));
    out().println((r.get("added").booleanValue() ? "added " : "already registered: ") + version);
    return 0;
  }

  @Command(name = "flag", description = "Flag a version as bad; its users are told why.")
  int flag(
      @Mixin ServerOptions server,
      @Parameters(index = "0", paramLabel = "NAME") String name,
      @Parameters(index = "1", paramLabel = "VERSION") String version,
      @Option(names = "--reason", required = true, description = "Why, shown to users.")
          String reason) {
    server
        .client()
        .put(
            ApiClient.projectPath(name, "/versions/" + ApiClient.encode(version) + "/flag"),
            Map.of("reason", reason));
    out().println("flagged " + name + " " + version + ": " + reason);
    return 0;
  }

  @Command(name = "unflag", description = "Lift a version's flag.")
  int unflag(
      @Mixin ServerOptions server,
      @Parameters(index = "0", paramLabel = "NAME") String name,
      @Parameters(index = "1", paramLabel = "VERSION") String version) {
    server
        .client()
        .delete(ApiClient.projectPath(name, "/versions/" + ApiClient.encode(version) + "/flag"));
    out().println("unflagged " + name + " " + version);
    return 0;
  }

  @Command(name = "list", description = "List registered versions, the latest and the flags.")
  int list(@Mixin ServerOptions server, @Parameters(paramLabel = "NAME") String name) {
    JsonNode r = server.client().get(ApiClient.projectPath(name, "/versions"));
    PrintWriter out = out();
    out.println("latest: " + (r.get("latest").isNull() ? "-" : r.get("latest").textValue()));
    for (JsonNode v : r.get("versions")) {
      out.println(
          v.get("version").textValue()
              + (v.get("flagged").booleanValue()
                  ? "\tFLAGGED: " + v.get("reason").textValue()
                  : ""));
    }
    return 0;
  }

  private PrintWriter out() {
    return spec.commandLine().getOut();
  }
}
