package dev.upkeep.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.upkeep.cli.output.OutputOptions;
import dev.upkeep.cli.plot.BarPlot;
import dev.upkeep.cli.plot.Glyphs;
import dev.upkeep.cli.plot.TimePlot;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code upkeep usage NAME --from DATE ...}: hits, unique users or runs, in total or per bucket, as
 * a table, JSON, CSV or (with {@code --plot}) a terminal chart.
 */
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

  @Option(names = "--unique", description = "Count distinct users (same as --metric users).")
  boolean unique;

  @Option(
      names = "--metric",
      description = "hits (events, default), users (distinct user ids) or runs (finished runs).")
  String metric;

  @Option(
      names = "--by",
      description =
          "Break down by day, version, platform, container, ci, status, language_version or"
              + " error_type.")
  String by;

  @Option(
      names = "--plot",
      description =
          "Draw a chart: bars per bucket with --by, else bars per day. Width from COLUMNS (default"
              + " 80); ASCII when the output charset is not UTF-8.")
  boolean plot;

  @Option(
      names = "--kind",
      description =
          "Event kind: breadcrumb (default), report (usagestats reports) or event (otumat's"
              + " events).")
  String kind;

  @Option(
      names = "--format",
      defaultValue = "table",
      description = "table, json or csv (default ${DEFAULT-VALUE}); --json is short for json.")
  Format format;

  @Mixin OutputOptions.Json json;

  @Spec CommandSpec spec;

  /** Terminal width when {@code COLUMNS} is not set or not a number. */
  static final int DEFAULT_WIDTH = 80;

  /** The environment (COLUMNS); tests replace it. */
  Map<String, String> environment = System.getenv();

  /** The output's charset; tests replace it. */
  Charset charset = outputCharset();

  @Override
  public Integer call() throws Exception {
    if (json.on()) {
      if (format != Format.json
          && spec.commandLine().getParseResult().hasMatchedOption("--format")) {
        throw new ParameterException(
            spec.commandLine(), "--json is --format json; leave out --format " + format);
      }
      format = Format.json;
    }
    if (plot && format != Format.table) {
      throw new CliException(
          "--plot draws a chart; leave out " + (json.on() ? "--json" : "--format " + format));
    }
    String breakdown = plot && by == null ? "day" : by;
    StringBuilder q = new StringBuilder("/usage?from=").append(ApiClient.encode(from));
    if (to != null) {
      q.append("&to=").append(ApiClient.encode(to));
    }
    if (unique) {
      q.append("&unique=true");
    }
    if (metric != null) {
      q.append("&metric=").append(ApiClient.encode(metric));
    }
    if (breakdown != null) {
      q.append("&by=").append(ApiClient.encode(breakdown));
    }
    if (kind != null) {
      q.append("&kind=").append(ApiClient.encode(kind));
    }
    JsonNode r = server.client().get(ApiClient.projectPath(name, q.toString()));
    PrintWriter out = spec.commandLine().getOut();
    String what = metric != null ? metric : unique ? "users" : kind == null ? "hits" : kind + "s";
    if (plot) {
      out.print(plot(r, breakdown, what));
      out.flush();
      return 0;
    }
    switch (format) {
      case json -> json.print(out, r);
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

  /** The chart of an answer broken down by {@code breakdown}. */
  private String plot(JsonNode r, String breakdown, String what) {
    List<BarPlot.Row> rows = new ArrayList<>();
    for (JsonNode b : r.get("buckets")) {
      rows.add(new BarPlot.Row(b.get("key").asText(), b.get("count").asLong()));
    }
    long total = r.get("hits").asLong();
    int width = width(environment);
    Glyphs glyphs = Glyphs.of(charset);
    if (breakdown.equals("day")) {
      return TimePlot.draw(name + " " + what, rows, total, width, glyphs);
    }
    String title =
        name + " " + what + " by " + breakdown + ", " + day(r, "from") + " .. " + day(r, "to");
    return BarPlot.draw(title, rows, total, width, glyphs);
  }

  private static String day(JsonNode r, String field) {
    String t = r.get(field).asText();
    return t.length() >= 10 ? t.substring(0, 10) : t;
  }

  /** The terminal's width: {@code COLUMNS} when it is a number from 20 to 1000, else 80. */
  static int width(Map<String, String> env) {
    try {
      int w = Integer.parseInt(env.getOrDefault("COLUMNS", "").trim());
      return w >= 20 && w <= 1000 ? w : DEFAULT_WIDTH;
    } catch (NumberFormatException e) {
      return DEFAULT_WIDTH;
    }
  }

  /**
   * The charset standard output is written in: the JVM's {@code stdout.encoding} (Java 19+, the
   * terminal's), else {@code sun.stdout.encoding}, else the default charset {@link Main} writes.
   */
  static Charset outputCharset() {
    for (String p : new String[] {"stdout.encoding", "sun.stdout.encoding"}) {
      String name = System.getProperty(p);
      if (name != null && Charset.isSupported(name)) {
        return Charset.forName(name);
      }
    }
    return Charset.defaultCharset();
  }

  private static String csv(String s) {
    return s.contains(",") || s.contains("\"") || s.contains("\n")
        ? "\"" + s.replace("\"", "\"\"") + "\""
        : s;
  }
}
