package dev.upkeep.examples.trackedcli;

import dev.upkeep.client.Tracker;
import dev.upkeep.client.UpkeepClient;

/**
 * A command-line tool that does one tracked run of {@value #PROJECT} {@value #VERSION}, reporting
 * to {@code UPKEEP_ENDPOINT} (telemetry is off without it).
 *
 * <pre>
 * java -jar tracked-cli.jar [--fail] [--work-ms N] [--exit CODE] [--status]
 *   --fail       throw an exception inside the run (exit code 1; final breadcrumb F)
 *   --work-ms N  work (sleep) N milliseconds inside the run (default 0)
 *   --exit CODE  call System.exit(CODE) inside the run (final breadcrumb S at exit)
 *   --status     print the client's status on stderr first
 * </pre>
 */
public final class TrackedCli {
  static final String PROJECT = "upkeep/tracked-cli";
  static final String VERSION = "1.0.0";

  private TrackedCli() {}

  public static void main(String[] args) throws Exception {
    boolean fail = false;
    boolean status = false;
    long workMillis = 0;
    Integer exit = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
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
        default:
          System.err.println("usage: tracked-cli [--fail] [--work-ms N] [--exit CODE] [--status]");
          System.exit(2);
      }
    }
    UpkeepClient upkeep = UpkeepClient.builder().app("tracked-cli", VERSION).build();
    if (status) {
      System.err.print(upkeep.status());
    }
    try (Tracker run = upkeep.track(PROJECT, VERSION)) {
      try {
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
