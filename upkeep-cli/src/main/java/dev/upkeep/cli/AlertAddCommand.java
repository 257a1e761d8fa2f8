package dev.upkeep.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.upkeep.server.alerts.RuleKind;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 * {@code upkeep alert add NAME --when KIND [options] [--notify DEST]...}: {@code POST
 * .../alert-rules} with the rule's JSON (master token); prints {@code added alert rule 3 to
 * owner/name: failure-rate, 2× baseline, 200 runs, then flag, notify webhook} from the collector's
 * answer, defaults filled in.
 *
 * <p>Each kind reads its own options ({@link #READS}); another one, a kind without its required
 * option, or a bad value ({@link AlertArgs}) is a usage error (exit 2) naming it. The collector's
 * 400 (an email destination without its SMTP server) fails with its detail (exit 1).
 */
@Command(
    name = "add",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Add an alert rule to a project (master token).",
      "Kinds: failure-rate [--above-baseline 2x] [--min-runs 200]; new-error-type [--min-runs 1];"
          + " flagged-users --above 10%%; adoption --below 5%% [--after 14d]; silence [--for 24h].",
      "Destinations, repeatable: --notify webhook=URL,secret=REF | slack=REF |"
          + " matrix=URL,room=!ID:SERVER,secret=REF | email=ADDRESS[,ADDRESS...]; a REF is"
          + " env:NAME (the collector's environment) or enc:v1:... (from upkeep alert secret)."
    })
final class AlertAddCommand implements Callable<Integer> {
  /** The options each kind reads, besides {@code --notify}. */
  static final Map<RuleKind, List<String>> READS =
      Map.of(
          RuleKind.FAILURE_RATE,
          List.of("--above-baseline", "--min-runs", "--then", "--reason-template"),
          RuleKind.NEW_ERROR_TYPE,
          List.of("--min-runs", "--then", "--reason-template"),
          RuleKind.FLAGGED_USERS,
          List.of("--above"),
          RuleKind.ADOPTION,
          List.of("--below", "--after", "--then", "--reason-template"),
          RuleKind.SILENCE,
          List.of("--for"));

  /** Every option some kind reads, in the order of the help. */
  static final List<String> KIND_OPTIONS =
      List.of(
          "--above-baseline",
          "--min-runs",
          "--above",
          "--below",
          "--after",
          "--for",
          "--then",
          "--reason-template");

  /** {@code --then}'s one value. */
  enum Then {
    flag
  }

  @Mixin ServerOptions server;

  @Parameters(index = "0", paramLabel = "NAME", description = "owner/name")
  String name;

  @Option(
      names = "--when",
      required = true,
      paramLabel = "KIND",
      converter = AlertArgs.Kind.class,
      description =
          "failure-rate, new-error-type, flagged-users, adoption or silence (docs/alerts.md).")
  RuleKind when;

  @Option(
      names = "--above-baseline",
      paramLabel = "FACTOR",
      converter = AlertArgs.Factor.class,
      description =
          "failure-rate: the new version's lower bound must exceed FACTOR times the previous"
              + " release's upper bound: 2x or 2 (default 1x).")
  Double aboveBaseline;

  @Option(
      names = "--min-runs",
      paramLabel = "N",
      description =
          "failure-rate, new-error-type: finished runs a version needs before it is judged"
              + " (default 200; 1 for new-error-type).")
  Long minRuns;

  @Option(
      names = "--above",
      paramLabel = "SHARE",
      converter = AlertArgs.Share.class,
      description = "flagged-users: share of the active users on flagged versions, 10%% or 0.1.")
  Double above;

  @Option(
      names = "--below",
      paramLabel = "SHARE",
      converter = AlertArgs.Share.class,
      description = "adoption: share of the active users on the newest release, 5%% or 0.05.")
  Double below;

  @Option(
      names = "--after",
      paramLabel = "DURATION",
      converter = AlertArgs.Span.class,
      description =
          "adoption: how long after the newest release appeared to judge it (default 14d).")
  String after;

  @Option(
      names = "--for",
      paramLabel = "DURATION",
      converter = AlertArgs.Span.class,
      description = "silence: how long without any event (default 24h).")
  String silence;

  @Option(
      names = "--then",
      paramLabel = "flag",
      description = "flag: flag the version the alert is about (per-version kinds).")
  Then then;

  @Option(
      names = "--reason-template",
      paramLabel = "TEXT",
      description =
          "With --then flag, the flag's reason; {version}, {rate}, {previous}, {previous_rate}"
              + " and {rule} are replaced.")
  String reasonTemplate;

  @Option(
      names = "--notify",
      paramLabel = "DEST",
      converter = AlertArgs.Notify.class,
      description = "Where alerts go (repeatable): " + AlertArgs.NOTIFY_FORMS + ".")
  List<AlertArgs.Destination> notify = new ArrayList<>();

  @Spec CommandSpec spec;

  /** The output's charset; tests replace it. */
  Charset charset = UsageCommand.outputCharset();

  @Override
  public Integer call() {
    check();
    Map<String, Object> rule = new LinkedHashMap<>();
    rule.put("when", when.id());
    put(rule, "above_baseline", aboveBaseline);
    put(rule, "min_runs", minRuns);
    put(rule, "above", above);
    put(rule, "below", below);
    put(rule, "after", after);
    put(rule, "for", silence);
    put(rule, "then", then == null ? null : then.name());
    put(rule, "reason_template", reasonTemplate);
    rule.put("notify", notify.stream().map(AlertArgs.Destination::json).toList());
    JsonNode r = server.client().post(ApiClient.projectPath(name, "/alert-rules"), rule);
    spec.commandLine()
        .getOut()
        .println(
            "added alert rule "
                + r.path("id").asLong()
                + " to "
                + name
                + ": "
                + AlertText.describe(r, charset));
    return 0;
  }

  /** The options {@link #when} does not read, and those it needs, as usage errors. */
  private void check() {
    var parsed = spec.commandLine().getParseResult();
    List<String> reads = READS.get(when);
    for (String option : KIND_OPTIONS) {
      if (parsed.hasMatchedOption(option) && !reads.contains(option)) {
        throw new ParameterException(
            spec.commandLine(),
            option
                + " is not read by --when "
                + when.id()
                + " (it reads "
                + String.join(", ", reads)
                + " and --notify)");
      }
    }
    if (when == RuleKind.FLAGGED_USERS && above == null) {
      throw usage("--when flagged-users needs --above SHARE, e.g. --above 10%");
    }
    if (when == RuleKind.ADOPTION && below == null) {
      throw usage("--when adoption needs --below SHARE, e.g. --below 5%");
    }
    if (reasonTemplate != null && then == null) {
      throw usage("--reason-template is the reason of the flag --then flag sets: add --then flag");
    }
    if (minRuns != null && minRuns < 0) {
      throw usage("--min-runs must be 0 or more, was " + minRuns);
    }
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  private static void put(Map<String, Object> rule, String key, Object value) {
    if (value != null) {
      rule.put(key, value);
    }
  }
}
