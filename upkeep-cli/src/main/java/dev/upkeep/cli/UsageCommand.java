package dev.upkeep.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code upkeep usage NAME --from DATE ...}: hits or unique users, in total or per bucket. */
@Command(
    name = "usage",
    mixinStandardHelpOptions = true,
    description = "Count a project's breadcrumbs or unique users (master or project token).")
final class UsageCommand implements Callable<Integer> {
  enum Format {
    table,
    json,
    csv
  }

  @Mixin ServerOptions server;

  @Parameters(paramLabel = "NAME", description = "owner/name")
  String name;

  @Option(names = "--from", required = true, description = "YYYY-MM-DD or ISO-8601 time.")
  String from;

  @Option(names = "--to", description = "YYYY-MM-DD or ISO-8601 time (default now).")
  String to;

  @Option(names = "--unique", description = "Count distinct users instead of breadcrumbs.")
  boolean unique;

  @Option(names = "--by", description = "Break down by day, version, platform or status.")
  String by;

  @Option(
      names = "--kind",
      description =
          "Event kind: breadcrumb (default), report (usagestats reports) or event (otumat's"
              + " events).")
  String kind;

  @Option(
      names = "--format",
      defaultValue = "table",
      description = "table, json or csv (default ${DEFAULT-VALUE}).")
  Format format;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    StringBuilder q = new StringBuilder("/usage?from=").append(ApiClient.encode(from));
    if (to != null) {
      q.append("&to=").append(ApiClient.encode(to));
    }
    if (unique) {
      q.append("&unique=true");
    }
    if (by != null) {
      q.append("&by=").append(ApiClient.encode(by));
    }
    if (kind != null) {
      q.append("&kind=").append(ApiClient.encode(kind));
    }
    JsonNode r = server.client().get(ApiClient.projectPath(name, q.toString()));
    PrintWriter out = spec.commandLine().getOut();
    String what = unique ? "users" : kind == null ? "hits" : kind + "s";
    switch (format) {
      case json ->
          out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(r));
      case csv -> {
        if (by == null) {
          out.println(what);
          out.println(r.get("hits").asLong());
        } else {
          out.println(by + "," + what);
          for (JsonNode b : r.get("buckets")) {
            out.println(csv(b.get("key").asText()) + "," + b.get("count").asLong());
          }
        }
      }
      case table -> {
        if (by == null) {
          out.println(
              name
                  + " "
                  + what
                  + " "
                  + r.get("from").asText()
                  + " .. "
                  + r.get("to").asText()
                  + ": "
                  + r.get("hits").asLong());
        } else {
          int width = by.length();
          for (JsonNode b : r.get("buckets")) {
            width = Math.max(width, b.get("key").asText().length());
          }
          out.printf(
              "%-" + width + "s  %s%n",
              by.toUpperCase(java.util.Locale.ROOT),
              what.toUpperCase(java.util.Locale.ROOT));
          for (JsonNode b : r.get("buckets")) {
            out.printf("%-" + width + "s  %d%n", b.get("key").asText(), b.get("count").asLong());
          }
          out.printf("%-" + width + "s  %d%n", "total", r.get("hits").asLong());
        }
      }
    }
    return 0;
  }

  private static String csv(String s) {
    return s.contains(",") || s.contains("\"") || s.contains("\n")
        ? "\"" + s.replace("\"", "\"\"") + "\""
        : s;
  }
}
