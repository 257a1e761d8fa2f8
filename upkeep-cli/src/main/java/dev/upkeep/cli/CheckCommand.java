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

/** {@code upkeep check NAME VERSION}: what users of that version are told. */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Show the latest version and whether VERSION is flagged, as clients see it.",
      "With --json: the collector's answer to GET /v1/projects/NAME/check."
    })
final class CheckCommand implements Callable<Integer> {
  @Mixin ServerOptions server;

  @Mixin OutputOptions.Json json;

  @Parameters(index = "0", paramLabel = "NAME")
  String name;

  @Parameters(index = "1", paramLabel = "VERSION")
  String version;

  @Option(
      names = "--prerelease",
      description = "Let pre-releases be the latest version (as ?prerelease=true asks).")
  boolean preRelease;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    JsonNode r =
        server
            .client()
            .get(
                ApiClient.projectPath(
                    name,
                    "/check?version="
                        + ApiClient.encode(version)
                        + (preRelease ? "&prerelease=true" : "")));
    PrintWriter out = spec.commandLine().getOut();
    if (json.on()) {
      json.print(out, r);
      return 0;
    }
    out.println("latest:  " + r.get("latest").textValue());
    out.println("flagged: " + r.get("flagged").booleanValue());
    if (!r.get("message").textValue().isEmpty()) {
      out.println("message: " + r.get("message").textValue());
    }
    return 0;
  }
}
