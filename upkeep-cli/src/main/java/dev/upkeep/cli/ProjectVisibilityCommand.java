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

/** {@code upkeep project visibility NAME private|counts-public} (master token). */
@Command(
    name = "visibility",
    mixinStandardHelpOptions = true,
    description = {
      "Say who may read a project without a token (master token), on every protocol.",
      "counts-public (the collector's default-visibility unless set otherwise): anyone reads its"
          + " hits and users (migas get_usage and get_projects, /v1/.../usage?metric=hits|users,"
          + " the badges) and its hosted releases; breakdowns need a token.",
      "private: a token of the project or the master token; to anyone else the project is not"
          + " there (migas answers it as untracked, get_projects leaves it out, the rest 401)."
    })
final class ProjectVisibilityCommand implements Callable<Integer> {
  @Mixin ServerOptions server;

  @Mixin OutputOptions.Quiet quiet;

  @Parameters(index = "0", paramLabel = "NAME", description = "owner/name")
  String name;

  @Parameters(index = "1", paramLabel = "private|counts-public", description = "The visibility.")
  String visibility;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    JsonNode r =
        server
            .client()
            .put(ApiClient.projectPath(name, "/visibility"), Map.of("visibility", visibility));
    quiet.out(spec.commandLine().getOut()).println(name + " is " + r.get("visibility").asText());
    return 0;
  }
}
