package dev.upkeep.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code upkeep alert test NAME RULE_ID}: {@code POST .../alert-rules/{id}/test} (master token),
 * which sends a test alert to every destination of the rule and waits up to 30 s for them. Prints
 * one line per destination, in the rule's order: its outcome ({@code delivered}, {@code failed},
 * {@code retrying}, {@code pending}, or {@code skipped} for one the collector could not build, such
 * as an email after its SMTP settings were removed), its label, attempts and HTTP status, and the
 * error.
 *
 * <p>Exit 0 when every destination answered {@code delivered}; else 1, with one line on standard
 * error saying how many did not. A rule without destinations, or an unknown one, fails with the
 * collector's detail (exit 1).
 */
@Command(
    name = "test",
    mixinStandardHelpOptions = true,
    description = {
      "Send a test alert to every destination of a rule and print each outcome (master token).",
      "Exit 0 when every destination took it, else 1."
    })
final class AlertTestCommand implements Callable<Integer> {
  /**
   * How long to wait for the collector's answer: {@value} ms, more than the 30 s it waits for the
   * deliveries.
   */
  static final int WAIT_MS = 45_000;

  @Mixin ServerOptions server;

  @Parameters(index = "0", paramLabel = "NAME", description = "owner/name")
  String name;

  @Parameters(index = "1", paramLabel = "RULE_ID", description = "As upkeep alert rules lists it.")
  long rule;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    ApiClient api = server.client(WAIT_MS);
    JsonNode r = api.post(ApiClient.projectPath(name, "/alert-rules/" + rule + "/test"), Map.of());
    List<JsonNode> deliveries = new ArrayList<>();
    r.path("deliveries").forEach(deliveries::add);
    List<String> types = types(api, deliveries);
    PrintWriter out = spec.commandLine().getOut();
    int failed = 0;
    int next = 0;
    for (String type : types) {
      JsonNode d = next < deliveries.size() ? deliveries.get(next) : null;
      boolean built =
          d != null
              && (types.size() == deliveries.size()
                  || !d.path("destination").isTextual()
                  || d.path("destination").asText().startsWith(type + " "));
      if (!built) {
        out.println(
            String.format(
                "%-9s %s (the collector could not build it; its log says why)", "skipped", type));
        failed++;
        continue;
      }
      next++;
      String outcome = d.path("outcome").asText();
      if (!outcome.equals("delivered")) {
        failed++;
      }
      out.println(String.format("%-9s %s", outcome, line(d, type)));
    }
    out.flush();
    if (failed > 0) {
      spec.commandLine()
          .getErr()
          .println(
              "upkeep: "
                  + failed
                  + " of "
                  + types.size()
                  + " destinations of alert rule "
                  + rule
                  + " did not take the test alert");
      return 1;
    }
    return 0;
  }

  /**
   * The types of the rule's destinations, in order: as many as the answer has deliveries, unless
   * some were skipped or a delivery has no label (it did not end in time); then from the rule.
   */
  private List<String> types(ApiClient api, List<JsonNode> deliveries) {
    boolean labelled = deliveries.stream().allMatch(d -> d.path("destination").isTextual());
    JsonNode rules = api.get(ApiClient.projectPath(name, "/alert-rules"));
    for (JsonNode x : rules.path("rules")) {
      if (x.path("id").asLong() == rule) {
        List<String> types = new ArrayList<>();
        x.path("notify").forEach(n -> types.add(n.path("type").asText()));
        return types;
      }
    }
    // removed since: the answer's own labels
    List<String> types = new ArrayList<>();
    for (JsonNode d : deliveries) {
      types.add(labelled ? d.get("destination").asText().split(" ", 2)[0] : "destination");
    }
    return types;
  }

  /** {@code webhook https://h/x (1 attempt, HTTP 400): HTTP 400 from ...}. */
  private static String line(JsonNode d, String type) {
    StringBuilder s =
        new StringBuilder(d.path("destination").isTextual() ? d.get("destination").asText() : type);
    List<String> about = new ArrayList<>();
    if (d.path("attempts").isNumber()) {
      int n = d.get("attempts").asInt();
      about.add(n + (n == 1 ? " attempt" : " attempts"));
    }
    if (d.path("http_status").asInt() > 0) {
      about.add("HTTP " + d.get("http_status").asInt());
    }
    if (!about.isEmpty()) {
      s.append(" (").append(String.join(", ", about)).append(')');
    }
    String error = AlertText.text(d.get("error"));
    if (error != null) {
      s.append(": ").append(error);
    }
    return s.toString();
  }
}
