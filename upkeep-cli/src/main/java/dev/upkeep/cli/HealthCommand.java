package dev.upkeep.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.upkeep.cli.output.OutputOptions;
import dev.upkeep.cli.plot.Glyphs;
import dev.upkeep.cli.plot.RatePlot;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
 * {@code upkeep health NAME [VERSION] [--days N] [--json | --plot]}: the collector's release health
 * ({@code GET /v1/projects/{owner}/{name}/health}, docs/api.md) as a table, one row per version
 * with events in the window, lowest first as the collector orders them; with VERSION that version
 * alone, its comparison and its error types. {@code --json} prints the collector's answer as it
 * came; {@code --plot} draws the failure rate per day ({@link RatePlot}) of VERSION or of the two
 * versions with the most runs ({@link #plot}).
 *
 * <p>Errors: a version without events in the window, a bad {@code --days} or an unknown project
 * fail with the collector's one-line detail (exit 1); {@code --plot} with {@code --json} is a usage
 * error (exit 2).
 */
@Command(
    name = "health",
    mixinStandardHelpOptions = true,
    description =
        "Show each version's runs, failure rate, verdict against the version before, new error"
            + " types, adoption and how fast it was taken up: its share of the users of its seventh"
            + " day (master or project token).")
final class HealthCommand implements Callable<Integer> {
  /** Longest NEW ERRORS cell, in characters; more types are counted as {@code +N}. */
  static final int MAX_ERRORS = 32;

  /** Most error types listed under one version's table. */
  static final int TOP_ERRORS = 10;

  @Mixin ServerOptions server;

  @Parameters(index = "0", paramLabel = "NAME", description = "owner/name")
  String name;

  @Parameters(
      index = "1",
      arity = "0..1",
      paramLabel = "VERSION",
      description = "One version: its row, its comparison and its error types.")
  String version;

  @Option(
      names = "--days",
      paramLabel = "N",
      description = "UTC days to read, today included: 1 to 366 (default: the collector's, 30).")
  Integer days;

  @Option(
      names = "--plot",
      description =
          "Draw the failure rate per day: of VERSION, else of the two versions with the most runs,"
              + " on one scale. Width from COLUMNS (default 80); ASCII when the output charset is"
              + " not UTF-8.")
  boolean plot;

  @Mixin OutputOptions.Json json;

  @Spec CommandSpec spec;

  /** The environment (COLUMNS); tests replace it. */
  Map<String, String> environment = System.getenv();

  /** The output's charset; tests replace it. */
  Charset charset = UsageCommand.outputCharset();

  @Override
  public Integer call() {
    if (plot && json.on()) {
      throw new ParameterException(spec.commandLine(), "--plot draws a chart; leave out --json");
    }
    StringBuilder q = new StringBuilder("/health");
    char sep = '?';
    if (version != null) {
      q.append(sep).append("version=").append(ApiClient.encode(version));
      sep = '&';
    }
    if (days != null) {
      q.append(sep).append("days=").append(days);
    }
    JsonNode r = server.client().get(ApiClient.projectPath(name, q.toString()));
    PrintWriter out = spec.commandLine().getOut();
    if (json.on()) {
      json.print(out, r);
      return 0;
    }
    Glyphs glyphs = Glyphs.of(charset);
    if (plot) {
      out.print(plot(r, UsageCommand.width(environment), glyphs));
    } else {
      table(out, r, glyphs);
    }
    out.flush();
    return 0;
  }

  /** The table, the active users and, for one version, its comparison and error types. */
  private void table(PrintWriter out, JsonNode r, Glyphs glyphs) {
    out.println(r.get("project").asText() + " release health, " + range(r));
    JsonNode versions = r.get("versions");
    if (versions.isEmpty()) {
      out.println("No version has events in this range.");
      return;
    }
    TextTable t =
        new TextTable(
            "VERSION",
            "RUNS",
            "FAILED",
            "RATE",
            "95% INTERVAL",
            "VS PREVIOUS",
            "NEW ERRORS",
            "USERS",
            "ADOPTION",
            "FIRST WEEK",
            "FLAGGED");
    for (JsonNode v : versions) {
      boolean runs = v.get("runs").asLong() > 0;
      t.row(
          v.get("version").asText(),
          count(v.get("runs").asLong()),
          count(v.get("failures").asLong()),
          runs ? RatePlot.percent(v.get("failure_rate").asDouble()) : null,
          runs ? interval(v.get("interval"), glyphs) : null,
          verdict(v),
          compared(v) ? errors(v.get("new_error_types"), glyphs) : null,
          count(v.get("users").asLong()),
          RatePlot.percent(v.get("adoption").asDouble()),
          firstWeek(v),
          v.get("flagged").asBoolean() ? "yes" : "");
    }
    t.print(out);
    out.println();
    out.println(
        "Active users "
            + day(r.get("active_from").asText())
            + " .. "
            + day(r.get("to").asText())
            + ": "
            + count(r.get("active_users").asLong())
            + "; on flagged versions: "
            + count(r.get("flagged_users").asLong())
            + " ("
            + RatePlot.percent(r.get("flagged_share").asDouble())
            + ")");
    if (version != null) {
      details(out, versions.get(0), glyphs);
    }
  }

  /** One version's flag, the version it is compared with, and its top error types. */
  private static void details(PrintWriter out, JsonNode v, Glyphs glyphs) {
    String name = v.get("version").asText();
    if (v.get("flagged").asBoolean()) {
      out.println("Flagged: " + text(v.get("flag_reason"), "(no reason given)"));
    }
    JsonNode previous = v.get("previous");
    if (compared(v)) {
      out.println(
          "Previous "
              + previous.get("version").asText()
              + ": "
              + count(previous.get("failures").asLong())
              + " of "
              + count(previous.get("runs").asLong())
              + " runs failed ("
              + RatePlot.percent(previous.get("failure_rate").asDouble())
              + ", 95% interval "
              + interval(previous.get("interval"), glyphs)
              + ")");
    } else {
      out.println("No lower version had runs in this range to compare " + name + " with.");
    }
    JsonNode types = v.get("error_types");
    out.println();
    if (types.isEmpty()) {
      out.println("No failed runs of " + name + ".");
      return;
    }
    List<String> fresh = new ArrayList<>();
    if (compared(v)) {
      v.get("new_error_types").forEach(e -> fresh.add(e.get("type").asText()));
    }
    TextTable t = new TextTable("ERROR TYPE", "FAILURES", "NEW");
    int shown = Math.min(TOP_ERRORS, types.size());
    for (int i = 0; i < shown; i++) {
      String type = types.get(i).get("type").asText();
      t.row(type, count(types.get(i).get("failures").asLong()), fresh.contains(type) ? "yes" : "");
    }
    t.print(out);
    if (types.size() > shown) {
      out.println("and " + (types.size() - shown) + " more error types (--json lists them all)");
    }
  }

  /**
   * The chart of {@code VERSION}'s rate per day, or without one those of the two versions with the
   * most runs in the range, lowest version first, on one scale. Those are what users run, and their
   * daily rates rest on enough runs to mean something; the newest versions by order are often a
   * pre-release or a release hours old with a handful of runs, whose one or two bars say little (on
   * the demo data the newest two had 13 and 9 runs, each on one day), and a chart per version
   * buries the ones that matter under those nobody runs any more. A new release that users take up
   * joins the two soon; {@code health NAME VERSION --plot} draws any version before that.
   */
  private String plot(JsonNode r, int width, Glyphs glyphs) {
    List<JsonNode> shown = new ArrayList<>();
    r.get("versions").forEach(shown::add);
    if (version == null) {
      shown = busiest(shown, 2);
    }
    if (shown.isEmpty()) {
      return r.get("project").asText() + ": no version has runs in " + range(r) + "\n";
    }
    List<RatePlot.Chart> charts = new ArrayList<>();
    for (JsonNode v : shown) {
      List<RatePlot.Day> days = new ArrayList<>();
      for (JsonNode d : v.get("days")) {
        days.add(
            new RatePlot.Day(
                d.get("date").asText(), d.get("runs").asLong(), d.get("failures").asLong()));
      }
      String title = r.get("project").asText() + " " + v.get("version").asText();
      charts.add(new RatePlot.Chart(title, days));
    }
    return RatePlot.draw(charts, width, glyphs);
  }

  /**
   * The {@code n} versions with the most runs (of those with any; the higher version on a tie), in
   * the order given.
   */
  static List<JsonNode> busiest(List<JsonNode> versions, int n) {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < versions.size(); i++) {
      if (versions.get(i).get("runs").asLong() > 0) {
        order.add(i);
      }
    }
    order.sort(
        java.util.Comparator.<Integer>comparingLong(i -> versions.get(i).get("runs").asLong())
            .thenComparingInt(i -> i)
            .reversed());
    List<Integer> kept = new ArrayList<>(order.subList(0, Math.min(n, order.size())));
    kept.sort(null);
    return kept.stream().map(versions::get).toList();
  }

  /**
   * Whether a lower version had runs in the range ({@code previous}). Without one the collector
   * calls every error type of the version new, as none failed with it before; the table shows
   * {@code -} and lists none as new, since nothing was there to compare with.
   */
  static boolean compared(JsonNode v) {
    JsonNode previous = v.get("previous");
    return previous != null && !previous.isNull();
  }

  /** {@code regressed vs 1.0.0}, {@code healthy}, {@code too few runs}, or null (no previous). */
  static String verdict(JsonNode v) {
    JsonNode verdict = v.get("verdict");
    if (verdict == null || verdict.isNull()) {
      return null;
    }
    return switch (verdict.asText()) {
      case "regressed" -> "regressed vs " + v.get("previous").get("version").asText();
      case "too_few_runs" -> "too few runs";
      default -> verdict.asText();
    };
  }

  /**
   * The types, comma-joined, as many as fit in {@value #MAX_ERRORS} characters with {@code +N} for
   * the rest ({@code ValueError, KeyError +3}); a single type too long is shortened with an
   * ellipsis; empty for none.
   */
  static String errors(JsonNode types, Glyphs glyphs) {
    StringBuilder out = new StringBuilder();
    int shown = 0;
    for (JsonNode e : types) {
      String type = e.get("type").asText();
      int rest = types.size() - shown - 1;
      String more = rest > 0 ? " +" + rest : "";
      String next = (shown == 0 ? "" : ", ") + type;
      if (out.length() + next.length() + more.length() > MAX_ERRORS) {
        break;
      }
      out.append(next);
      shown++;
    }
    if (shown == 0 && !types.isEmpty()) {
      String more = types.size() > 1 ? " +" + (types.size() - 1) : "";
      String first = types.get(0).get("type").asText();
      return first.substring(0, MAX_ERRORS - more.length() - 1) + glyphs.ellipsis() + more;
    }
    return shown < types.size() ? out + " +" + (types.size() - shown) : out.toString();
  }

  /** {@code 7.4–13.3%} (a hyphen in ASCII) from {@code {"lower", "upper"}}. */
  static String interval(JsonNode i, Glyphs glyphs) {
    String lower = RatePlot.percent(i.get("lower").asDouble());
    return lower.substring(0, lower.length() - 1)
        + glyphs.dash()
        + RatePlot.percent(i.get("upper").asDouble());
  }

  private static String range(JsonNode r) {
    return day(r.get("from").asText()) + " .. " + day(r.get("to").asText());
  }

  private static String day(String time) {
    return time.length() >= 10 ? time.substring(0, 10) : time;
  }

  /**
   * How fast the version was taken up: its share of the users of its seventh day ({@code
   * adoption_first_week}), or null (a dash) when there is no figure for that day.
   */
  private static String firstWeek(JsonNode v) {
    JsonNode share = v.get("adoption_first_week");
    return share == null || share.isNull() ? null : RatePlot.percent(share.asDouble());
  }

  private static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  private static String text(JsonNode n, String otherwise) {
    return n == null || n.isNull() || n.asText().isBlank() ? otherwise : n.asText();
  }
}
