package dev.upkeep.examples.trackedcli;

import dev.upkeep.client.ConsentMode;
import dev.upkeep.client.Report;
import dev.upkeep.client.ReportFlag;
import dev.upkeep.client.Tracker;
import dev.upkeep.client.UpkeepClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A command-line tool that does one tracked run of {@value #PROJECT} {@value #VERSION} (or the
 * version given by {@code --app-version}), reporting to {@code UPKEEP_ENDPOINT} (telemetry is off
 * without it). Its consent settings are those of a well-behaved app: its own variable {@value
 * #CONSENT_VARIABLE}, {@code --telemetry on|off} named in the one-time notice, and {@code
 * --telemetry off} asking the collector to forget the user too.
 *
 * <pre>
 * java -jar tracked-cli.jar [--fail] [--work-ms N] [--exit CODE] [--status] [--report KEY=VALUE]...
 *                           [--default-consent on|local|off] [--interactive] [--spool-files N]
 *                           [--app-version V]
 * java -jar tracked-cli.jar --telemetry on|off
 *   --fail              throw an exception inside the run (exit code 1; final breadcrumb F)
 *   --work-ms N         work (sleep) N milliseconds inside the run (default 0)
 *   --exit CODE         call System.exit(CODE) inside the run (final breadcrumb S at exit)
 *   --status            print the client's status on stderr first
 *   --report KEY=VALUE  add a note to a usage report submitted inside the run (repeatable)
 *   --default-consent   the mode while the user is undecided (default on)
 *   --interactive       print the one-time notice even without a terminal
 *   --spool-files N     keep at most N batches on disk (default 100)
 *   --app-version V     run as version V of the app and the project (default 1.0.0), e.g. to try
 *                       a release's health locally
 *   --telemetry on|off  save the user's decision (off also deletes what was kept and asks the
 *                       collector to forget what it holds under the user id) and exit
 * </pre>
 */
public final class TrackedCli {
  static final String PROJECT = "upkeep/tracked-cli";
  static final String VERSION = "1.0.0";
  static final String CONSENT_VARIABLE = "TRACKED_CLI_TELEMETRY";
  private static final String USAGE =
      "usage: tracked-cli [--fail] [--work-ms N] [--exit CODE] [--status] [--report KEY=VALUE]..."
          + " [--default-consent on|local|off] [--interactive] [--spool-files N]"
          + " [--app-version V]\n"
          + "       tracked-cli --telemetry on|off";

  private TrackedCli() {}

  public static void main(String[] args) throws Exception {
    boolean fail = false;
    boolean status = false;
    String version = VERSION;
    long workMillis = 0;
    Integer exit = null;
    String telemetry = null;
    List<String> notes = new ArrayList<>();
    UpkeepClient.Builder builder =
        UpkeepClient.builder()
            .consentVariable(CONSENT_VARIABLE)
            .noticeCommands("tracked-cli --telemetry on", "tracked-cli --telemetry off")
            .forgetOnDisable(true);
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--report":
          notes.add(args[++i]);
          break;
        case "--default-consent":
          builder.defaultConsent(ConsentMode.valueOf(args[++i].toUpperCase(Locale.ROOT)));
          break;
        case "--interactive":
          builder.interactive(true);
          break;
        case "--spool-files":
          builder.spoolLimits(Integer.parseInt(args[++i]), UpkeepClient.DEFAULT_SPOOL_MAX_BYTES);
          break;
        case "--telemetry":
          telemetry = args[++i];
          break;
        case "--fail":
          fail = true;
          break;
        case "--status":
          status = true;
          break;
        case "--work-ms":
          workMillis = Long.parseLong(args[++i]);
          break;
        case "--exit":
          exit = Integer.parseInt(args[++i]);
          break;
        case "--app-version":
          version = args[++i];
          break;
        default:
          System.err.println(USAGE);
          System.exit(2);
      }
    }
    UpkeepClient upkeep = builder.app("tracked-cli", version).build();
    if (telemetry != null) {
      ConsentMode now = telemetry.equals("on") ? upkeep.enable() : upkeep.disable();
      upkeep.flush(Duration.ofSeconds(5));
      System.out.println("telemetry: " + now.name().toLowerCase(Locale.ROOT));
      return;
    }
    if (status) {
      System.err.print(upkeep.status());
    }
    try (Tracker run = upkeep.track(PROJECT, version)) {
      try {
        if (!notes.isEmpty()) {
          Report report = upkeep.report(PROJECT, version);
          for (String n : notes) {
            int eq = n.indexOf('=');
            report.note(n.substring(0, eq), n.substring(eq + 1));
          }
          report.submit(ReportFlag.OS, ReportFlag.JAVA);
        }
        if (workMillis > 0) {
          Thread.sleep(workMillis);
        }
        if (exit != null) {
          System.exit(exit);
        }
        if (fail) {
          throw new IllegalStateException("failing as asked (--fail)");
        }
      } catch (RuntimeException e) {
        run.fail(e);
        throw e;
      }
    }
    System.out.println("done");
  }
}
