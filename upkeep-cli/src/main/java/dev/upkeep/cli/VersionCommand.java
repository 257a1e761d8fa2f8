package dev.upkeep.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.upkeep.cli.output.OutputOptions;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code upkeep version add|flag|unflag|list|sources}: a project's versions and their sources. */
@Command(
    name = "version",
    mixinStandardHelpOptions = true,
    description = "Manage a project's versions and bad-version flags (master token).")
final class VersionCommand {
  @Spec CommandSpec spec;

  @Command(
      mixinStandardHelpOptions = true,
      name = "add",
      description = "Register a released version in the manual registry.")
  int add(
      @Mixin ServerOptions server,
      @Mixin OutputOptions.Quiet quiet,
      @Parameters(index = "0", paramLabel = "NAME") String name,
      @Parameters(index = "1", paramLabel = "VERSION") String version) {
    JsonNode r =
        server.client().post(ApiClient.projectPath(name, "/versions"), Map.of("version", version));
    quiet
        .out(out())
        .println((r.get("added").booleanValue() ? "added " : "already registered: ") + version);
    return 0;
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "flag",
      description = "Flag a version as bad; its users are told why.")
  int flag(
      @Mixin ServerOptions server,
      @Mixin OutputOptions.Quiet quiet,
      @Parameters(index = "0", paramLabel = "NAME") String name,
      @Parameters(index = "1", paramLabel = "VERSION") String version,
      @Option(names = "--reason", required = true, description = "Why, shown to users.")
          String reason,
      @Option(
              names = "--replacement",
              paramLabel = "VERSION",
              description =
                  "The version to upgrade to (default: the newest release that is not flagged).")
          String replacement) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("reason", reason);
    if (replacement != null) {
      body.put("replacement", replacement);
    }
    server
        .client()
        .put(ApiClient.projectPath(name, "/versions/" + ApiClient.encode(version) + "/flag"), body);
    quiet
        .out(out())
        .println(
            "flagged "
                + name
                + " "
                + version
                + ": "
                + reason
                + (replacement == null ? "" : " (upgrade to " + replacement + ")"));
    return 0;
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "unflag",
      description = "Lift a version's flag, also one a source gives (such as .migas.json).")
  int unflag(
      @Mixin ServerOptions server,
      @Mixin OutputOptions.Quiet quiet,
      @Parameters(index = "0", paramLabel = "NAME") String name,
      @Parameters(index = "1", paramLabel = "VERSION") String version) {
    server
        .client()
        .delete(ApiClient.projectPath(name, "/versions/" + ApiClient.encode(version) + "/flag"));
    quiet.out(out()).println("unflagged " + name + " " + version);
    return 0;
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "list",
      description = {
        "List every version from every source, where it comes from and its flag.",
        "With --json: the collector's answer to GET /v1/projects/NAME/versions."
      })
  int list(
      @Mixin ServerOptions server,
      @Mixin OutputOptions.Json json,
      @Parameters(paramLabel = "NAME") String name) {
    JsonNode r = server.client().get(ApiClient.projectPath(name, "/versions"));
    PrintWriter out = out();
    if (json.on()) {
      json.print(out, r);
      return 0;
    }
    out.println(
        "latest: "
            + text(r.get("latest"))
            + " (with pre-releases: "
            + text(r.get("latest_prerelease"))
            + "; scheme "
            + r.get("scheme").textValue()
            + ")");
    TextTable table = new TextTable("VERSION", "FROM", "FLAG");
    for (JsonNode v : r.get("versions")) {
      List<String> from = new ArrayList<>();
      v.get("from").forEach(f -> from.add(f.textValue()));
      table.row(
          v.get("version").textValue() + (v.get("prerelease").booleanValue() ? " (pre)" : ""),
          String.join(",", from),
          flag(v));
    }
    table.print(out);
    return 0;
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "sources",
      description = {
        "Show where a project's versions come from, in order, and how current each is.",
        "With --json: the collector's answer to GET /v1/projects/NAME/sources."
      })
  int sources(
      @Mixin ServerOptions server,
      @Mixin OutputOptions.Json json,
      @Parameters(paramLabel = "NAME") String name) {
    JsonNode r = server.client().get(ApiClient.projectPath(name, "/sources"));
    PrintWriter out = out();
    if (json.on()) {
      json.print(out, r);
      return 0;
    }
    out.println(name + ": scheme " + r.get("scheme").textValue() + "; sources in order:");
    TextTable table =
        new TextTable("#", "KIND", "REFERENCE", "STATE", "FETCHED", "VERSIONS", "LATEST", "URL");
    List<String> reasons = new ArrayList<>();
    int n = 0;
    for (JsonNode s : r.get("sources")) {
      n++;
      String state = s.get("state").textValue();
      if (!s.get("reason").isNull()) {
        reasons.add(
            n
                + ". "
                + s.get("kind").textValue()
                + " "
                + state
                + ": "
                + s.get("reason").textValue());
      }
      table.row(
          Integer.toString(n),
          s.get("kind").textValue(),
          text(s.get("reference")),
          state,
          text(s.get("fetched_at")),
          Integer.toString(s.get("versions").asInt()),
          text(s.get("latest")),
          text(s.get("url")));
    }
    table.print(out);
    reasons.forEach(out::println);
    return 0;
  }

  private static String flag(JsonNode v) {
    if (v.get("flagged").booleanValue()) {
      return "FLAGGED by "
          + v.get("flagged_by").textValue()
          + ": "
          + v.get("reason").textValue()
          + (v.get("replacement").isNull()
              ? ""
              : " (upgrade to " + v.get("replacement").textValue() + ")");
    }
    if (v.get("flag_lifted").booleanValue()) {
      return "flag lifted"
          + (v.get("reason").isNull() ? "" : " (was: " + v.get("reason").textValue() + ")");
    }
    return "";
  }

  private static String text(JsonNode n) {
    return n == null || n.isNull() ? "-" : n.asText();
  }

  private PrintWriter out() {
    return spec.commandLine().getOut();
  }
}
