package dev.upkeep.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code upkeep project ingest-key NAME [--rotate | --off]}: shows, makes or removes a project's
 * ingest key (master token).
 */
@Command(
    name = "ingest-key",
    mixinStandardHelpOptions = true,
    description = {
      "Show, make (--rotate) or remove (--off) a project's ingest key (master token).",
      "With a key, POST /v1/events takes the project's events only from requests carrying it",
      "in X-Upkeep-Ingest-Key (or an install token of the project). The key is public: apps",
      "embed it (UpkeepClient.builder().ingestKey(...)). Rotating cuts off the old key at once."
    })
final class ProjectIngestKeyCommand implements Callable<Integer> {
  @Mixin ServerOptions server;

  @Parameters(index = "0", paramLabel = "NAME", description = "owner/name")
  String name;

  @ArgGroup(exclusive = true)
  Action action;

  static final class Action {
    @Option(names = "--rotate", description = "Make a new key; the old one stops working.")
    boolean rotate;

    @Option(names = "--off", description = "Remove the key; events are taken without one.")
    boolean off;
  }

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    String path = ApiClient.projectPath(name, "/ingest-key");
    ApiClient api = server.client();
    JsonNode r =
        action == null
            ? api.get(path)
            : action.rotate ? api.post(path, Map.of()) : api.delete(path);
    JsonNode key = r.get("ingest_key");
    spec.commandLine()
        .getOut()
        .println(
            key == null || key.isNull()
                ? name + " has no ingest key: its events are taken without one"
                : key.asText());
    return 0;
  }
}
