package dev.upkeep.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import dev.upkeep.cli.output.OutputOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code upkeep privacy export|forget}: what the collector holds about one person (master token).
 */
@Command(
    name = "privacy",
    mixinStandardHelpOptions = true,
    description = "Export or forget what the collector holds about one person (master token).")
final class PrivacyCommand {
  @Spec CommandSpec spec;

  @Command(
      mixinStandardHelpOptions = true,
      name = "forget",
      description = {
        "Remove everything stored under a user id (DELETE /v1/users/USER_ID): its events, the"
            + " projects' record of it, and its share of every count; answers what was removed.",
        "Usage answers afterwards equal counting the events left. The audit log records it"
            + " without the user id.",
        "With --json: the collector's answer, the counts of events, project records and days."
      })
  int forget(
      @Mixin ServerOptions server,
      @Mixin OutputOptions.Json json,
      @Parameters(paramLabel = "USER_ID", description = "the user id, as the app sent it")
          String userId,
      @Option(names = "--project", paramLabel = "NAME", description = "only this project's")
          String project) {
    JsonNode r =
        server
            .client()
            .delete(
                "/v1/users/"
                    + ApiClient.encode(userId)
                    + (project == null ? "" : "?project=" + ApiClient.encode(project)));
    if (json.on()) {
      json.print(spec.commandLine().getOut(), r);
      return 0;
    }
    spec.commandLine()
        .getOut()
        .println(
            "forgot "
                + userId
                + (project == null ? "" : " in " + project)
                + ": "
                + count(r.get("events").asLong(), "event", "events")
                + ", "
                + count(r.get("users").asLong(), "project record", "project records")
                + ", "
                + count(r.get("days").asLong(), "day", "days")
                + " of counts recomputed");
    return 0;
  }

  private static String count(long n, String one, String many) {
    return n + " " + (n == 1 ? one : many);
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "export",
      description = {
        "Write everything stored under a user id as JSON: the projects it was seen in (first"
            + " seen, platform, container) and every event, as stored (GET /v1/users/USER_ID).",
        "The file is written with mode 0600, whole or not at all; the audit log records the"
            + " export without the user id."
      })
  int export(
      @Mixin ServerOptions server,
      @Parameters(paramLabel = "USER_ID", description = "the user id, as the app sent it")
          String userId,
      @Option(names = "--project", paramLabel = "NAME", description = "only this project's")
          String project,
      @Option(
              names = {"-o", "--output"},
              paramLabel = "FILE",
              description = "where to write it (default: standard output); not overwritten")
          Path output)
      throws IOException {
    if (output != null && Files.exists(output)) {
      throw new CliException(output + " exists; choose another --output");
    }
    String path =
        "/v1/users/"
            + ApiClient.encode(userId)
            + (project == null ? "" : "?project=" + ApiClient.encode(project));
    Path dir = output == null ? null : output.toAbsolutePath().getParent();
    Path part =
        dir == null
            ? Files.createTempFile("upkeep-export-", ".json", OWNER_ONLY)
            : Files.createTempFile(dir, ".upkeep-export-", ".part", OWNER_ONLY);
    try {
      try (OutputStream out = Files.newOutputStream(part)) {
        server.client().copy(path, out);
      }
      long events = check(part);
      if (output == null) {
        try (java.io.Reader in = Files.newBufferedReader(part)) {
          in.transferTo(spec.commandLine().getOut());
        }
        spec.commandLine().getOut().flush();
      } else {
        move(part, output);
        spec.commandLine()
            .getErr()
            .println("wrote " + events + " events of " + userId + " to " + output);
      }
      return 0;
    } finally {
      Files.deleteIfExists(part);
    }
  }

  private static final java.nio.file.attribute.FileAttribute<?> OWNER_ONLY =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

  /**
   * Reads the export through once: a document the collector cut short (its store failed after the
   * first byte) does not parse.
   *
   * @return its {@code event_count}
   */
  private static long check(Path file) {
    long count = -1;
    try (JsonParser p = new JsonFactory().createParser(file.toFile())) {
      while (p.nextToken() != null) {
        if (p.currentToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME
            && p.getParsingContext().getParent().inRoot()
            && "event_count".equals(p.currentName())) {
          p.nextToken();
          count = p.getLongValue();
        }
      }
    } catch (IOException e) {
      throw new CliException(
          "the collector's export ended early (its store failed while writing it; see its log):"
              + " nothing was written");
    }
    if (count < 0) {
      throw new CliException("the collector's answer is not an export: nothing was written");
    }
    return count;
  }

  /** Moves the checked export into place (checked not to exist before the export began). */
  private static void move(Path part, Path output) throws IOException {
    try {
      Files.move(part, output, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(part, output);
    }
  }
}
