package dev.upkeep.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.upkeep.cli.output.OutputOptions;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code upkeep ping}: whether a collector is up and healthy ({@code GET /v1/health}), as a
 * container's health check runs it in an image without a shell or curl, or a script waiting for a
 * collector to start.
 */
@Command(
    name = "ping",
    mixinStandardHelpOptions = true,
    description = {
      "Ask a collector whether it is healthy (GET /v1/health): prints 'URL: ok'.",
      "Exit 0 when it answers ok; 1 when it answers otherwise or not at all (one line on"
          + " standard error). For a container's health check and for scripts."
    })
final class PingCommand implements Callable<Integer> {
  @Mixin ServerOptions server;

  @Mixin OutputOptions.Json json;

  @Mixin OutputOptions.Quiet quiet;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    JsonNode health = server.client().get("/v1/health");
    String status = health.path("status").asText("");
    PrintWriter out = spec.commandLine().getOut();
    if (json.on()) {
      json.print(out, health);
    } else {
      quiet.out(out).println(server.base() + ": " + status);
    }
    return "ok".equals(status) ? 0 : 1;
  }
}
