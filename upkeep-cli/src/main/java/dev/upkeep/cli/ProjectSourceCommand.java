package dev.upkeep.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code upkeep project source add|remove}: where a project's versions come from (master token).
 * One source of each kind per project; see {@code upkeep version sources NAME}.
 */
@Command(
    name = "source",
    mixinStandardHelpOptions = true,
    description = "Configure where a project's versions come from (master token).")
final class ProjectSourceCommand {
  @Spec CommandSpec spec;

  @Command(
      mixinStandardHelpOptions = true,
      name = "add",
      description = {
        "Add a release source:",
        "  archive DIR --title T                    releases of T in a release archive (yanks"
            + " flag)",
        "  maven GROUP:ARTIFACT [--repository URL]  maven-metadata.xml in your Maven repository",
        "  github OWNER/REPO                        GitHub releases, tags and .migas.json"
      })
  int add(
      @Mixin ServerOptions server,
      @Parameters(index = "0", paramLabel = "NAME", description = "owner/name") String name,
      @Parameters(index = "1", paramLabel = "KIND", description = "archive, maven or github")
          String kind,
      @Parameters(
              index = "2",
              paramLabel = "REFERENCE",
              description = "The archive's directory (as the server sees it), G:A or OWNER/REPO.")
          String reference,
      @Option(
              names = "--title",
              paramLabel = "T",
              description = "archive: the release title, [workspace/]title.")
          String title,
      @Option(
              names = "--repository",
              paramLabel = "URL",
              description =
                  "Base URL of the Maven repository (default: the server's maven-repository-url).")
          String repository) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("kind", kind);
    if ("archive".equalsIgnoreCase(kind)) {
      if (title == null) {
        throw new CliException("an archive source needs --title T, the release title");
      }
      body.put("reference", title);
      body.put("repository", Path.of(reference).toAbsolutePath().normalize().toString());
    } else {
      body.put("reference", reference);
      if (repository != null) {
        body.put("repository", repository);
      }
    }
    JsonNode r = server.client().post(ApiClient.projectPath(name, "/sources"), body);
    spec.commandLine()
        .getOut()
        .println(
            "added "
                + r.get("kind").textValue()
                + " source "
                + r.get("reference").textValue()
                + " to "
                + name
                + (r.get("repository").isNull()
                    ? ""
                    : " (" + r.get("repository").textValue() + ")"));
    return 0;
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "remove",
      description = "Remove a project's source of that kind.")
  int remove(
      @Mixin ServerOptions server,
      @Parameters(index = "0", paramLabel = "NAME") String name,
      @Parameters(index = "1", paramLabel = "KIND") String kind) {
    server.client().delete(ApiClient.projectPath(name, "/sources/" + ApiClient.encode(kind)));
    spec.commandLine().getOut().println("removed " + kind + " source of " + name);
    return 0;
  }
}
