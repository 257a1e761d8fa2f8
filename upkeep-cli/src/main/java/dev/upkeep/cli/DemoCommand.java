package dev.upkeep.cli;

import dev.upkeep.server.ServerConfig;
import dev.upkeep.server.demo.Demo;
import dev.upkeep.server.store.Store;
import dev.upkeep.server.store.StoreException;
import dev.upkeep.server.store.jdbc.JdbcStores;
import dev.upkeep.server.store.jdbc.SqliteSynchronous;
import dev.upkeep.server.store.jdbc.StoreSettings;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code upkeep demo --data DIR --events N}: fills a new store with synthetic but realistic usage
 * ({@link Demo}), with a progress bar on a terminal, then prints what it wrote and how to serve it.
 * The store is the one {@code upkeep serve} would open with the same {@code --config}, {@code
 * UPKEEP_*}, {@code --data} and {@code --database-url} ({@link StoreOptions}); the embedded store
 * is written with SQLite's {@code synchronous=OFF}: a crash of the machine during the demo can lose
 * the file, which is only demo data.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Fill a new store with synthetic but realistic usage: projects of power-law sizes, users"
            + " coming and going, version adoption, CI, failures (for demos, tests, benchmarks).")
final class DemoCommand implements Callable<Integer> {
  @Mixin StoreOptions storeOptions;

  @Option(names = "--events", required = true, description = "Events to write in total.")
  long events;

  @Option(
      names = "--projects",
      description = "Projects (default ${DEFAULT-VALUE}).",
      defaultValue = "" + Demo.DEFAULT_PROJECTS)
  int projects;

  @Option(
      names = "--seed",
      description = "Seed: the same settings give the same data (default ${DEFAULT-VALUE}).",
      defaultValue = "" + Demo.DEFAULT_SEED)
  long seed;

  @Option(
      names = "--days",
      description = "Days of usage, up to --end (default ${DEFAULT-VALUE}).",
      defaultValue = "" + Demo.DEFAULT_DAYS)
  int days;

  @Option(
      names = "--end",
      paramLabel = "DATE",
      description = "End of the data: YYYY-MM-DD (00:00 UTC) or an ISO instant (default now).")
  String end;

  @Option(
      names = "--batch",
      description = "Events per store transaction (default ${DEFAULT-VALUE}).",
      defaultValue = "" + Demo.DEFAULT_BATCH_SIZE)
  int batch;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    Demo demo;
    try {
      Demo.Builder b =
          Demo.builder().events(events).projects(projects).seed(seed).days(days).batchSize(batch);
      if (end != null) {
        b.end(parseEnd(end));
      }
      demo = b.build();
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage(), e);
    }
    ServerConfig config = storeOptions.toConfig(System.getenv());
    PrintWriter out = spec.commandLine().getOut();
    long started = System.nanoTime();
    Demo.Summary summary;
    try (Store store = open(config.store())) {
      out.println("Filling " + store.describe() + " with " + DemoText.count(events) + " events");
      out.flush();
      try (DemoProgress progress = DemoProgress.start(events)) {
        summary = demo.fill(store, progress);
      }
    } catch (IllegalStateException | StoreException e) {
      throw new CliException(e.getMessage(), e);
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    DemoText.summary(out, summary, seconds, serveHint(config));
    out.flush();
    return 0;
  }

  /**
   * The store as {@code serve} would open it, but with SQLite's {@code synchronous=OFF} (demo data
   * only) and no statement timeout (the demo writes large transactions).
   */
  static Store open(StoreSettings settings) {
    return JdbcStores.open(settings.withSynchronous(SqliteSynchronous.OFF).forMaintenance());
  }

  private static String serveHint(ServerConfig config) {
    return config.databaseUrl() != null
        ? "--database-url <the same URL>"
        : "--data " + config.dataDir();
  }

  /** {@code YYYY-MM-DD} (00:00 UTC) or an ISO instant. */
  static Instant parseEnd(String text) {
    try {
      return text.length() == 10
          ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant()
          : Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "--end must be YYYY-MM-DD or an ISO instant like 2026-11-01T00:00:00Z, was \""
              + text
              + "\"",
          e);
    }
  }
}
