package dev.upkeep.cli;

import dev.upkeep.server.store.StoreException;
import dev.upkeep.server.store.jdbc.MigrationResult;
import dev.upkeep.server.store.jdbc.StoreMigration;
import dev.upkeep.server.store.jdbc.StoreMigrationBuilder;
import dev.upkeep.server.store.jdbc.TableCheck;
import dev.upkeep.server.store.jdbc.Verification;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code upkeep store migrate --from sqlite:PATH --to jdbc:postgresql://…}: moves a collector's
 * store from SQLite to PostgreSQL ({@link StoreMigration}), resumable, verified table by table. The
 * target's schema migrations connect with the {@code database-*} settings of {@code --config} and
 * {@code UPKEEP_*} ({@link ConfigOptions}). Exit codes: 0 copied (or already complete) and
 * verified, 1 a difference found or the migration could not run (one line saying why), 2 a usage
 * error.
 */
@Command(
    name = "migrate",
    mixinStandardHelpOptions = true,
    description = {
      "Copy a collector's SQLite store into an empty PostgreSQL database, then verify every table"
          + " (rows and checksums).",
      "Stop the collector first: the source is read as it is when the command starts. An"
          + " interrupted migration resumes when the same command runs again."
    })
final class StoreMigrateCommand implements Callable<Integer> {
  private static final String SQLITE = "sqlite:";

  @Option(
      names = "--from",
      required = true,
      paramLabel = "sqlite:PATH",
      description = "The store to copy: sqlite: and its data directory or its upkeep.db file.")
  String from;

  @Option(
      names = "--to",
      required = true,
      paramLabel = "JDBC_URL",
      description = "The empty PostgreSQL database: jdbc:postgresql://HOST:PORT/DB?user=...")
  String to;

  @Option(
      names = "--verify-only",
      description = "Only compare source and target, table by table (rows and checksums).")
  boolean verifyOnly;

  @Option(
      names = "--chunk-rows",
      paramLabel = "N",
      description = "Rows copied per transaction (default ${DEFAULT-VALUE}).",
      defaultValue = "" + StoreMigrationBuilder.DEFAULT_CHUNK_ROWS)
  int chunkRows;

  /** Test hook: waits before committing chunk N of the run, so that a test can kill it there. */
  @Option(names = "--hold-chunk", hidden = true)
  long holdChunk;

  @Mixin ConfigOptions config;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!from.startsWith(SQLITE)) {
      return usage(
          err,
          "--from must be sqlite:PATH (a data directory or an upkeep.db file), was \""
              + from
              + "\"");
    }
    MigrateProgress progress = MigrateProgress.on(out, err).holdAt(holdChunk);
    StoreMigration migration;
    try {
      migration =
          StoreMigration.builder(Path.of(from.substring(SQLITE.length())), to)
              .database(config.builder(System.getenv()).build().database())
              .chunkRows(chunkRows)
              .listener(progress)
              .build();
    } catch (IllegalArgumentException e) {
      return usage(err, e.getMessage());
    }
    MigrationResult result;
    try (progress) {
      if (verifyOnly) {
        out.println("Verifying " + migration.target() + " against " + migration.source());
      } else {
        out.println("Migrating " + migration.source() + " to " + migration.target());
        out.println("(its collector must be stopped: rows written from now on are not copied)");
      }
      out.flush();
      result = verifyOnly ? migration.verify() : migration.run();
    } catch (StoreException e) {
      throw new CliException(e.getMessage(), e);
    }
    return report(out, err, result);
  }

  private static int usage(PrintWriter err, String message) {
    err.println("upkeep: " + message);
    err.flush();
    return 2;
  }

  private int report(PrintWriter out, PrintWriter err, MigrationResult result) {
    if (result.outcome() == MigrationResult.Outcome.ALREADY_COMPLETE) {
      out.println(
          "This migration was completed at "
              + result.copiedAt().orElseThrow()
              + "; nothing to copy. Compare both sides again with --verify-only.");
      out.flush();
      return 0;
    }
    Verification v = result.verification().orElseThrow();
    TextTable table = new TextTable("table", "source rows", "target rows", "check");
    for (TableCheck t : v.tables()) {
      table.row(
          t.table(),
          DemoText.count(t.sourceRows()),
          DemoText.count(t.targetRows()),
          t.matches() ? "ok" : "DIFFERS");
    }
    table.print(out);
    if (result.outcome() == MigrationResult.Outcome.COPIED) {
      double seconds = result.copyTime().toNanos() / 1e9;
      out.printf(
          Locale.ROOT,
          "%s %s rows of %d tables in %.1f s (%s rows/s).%n",
          result.resumed() ? "Copied the remaining" : "Copied",
          DemoText.count(result.rowsCopied()),
          v.sourceTables(),
          seconds,
          DemoText.count(Math.round(result.rowsCopied() / Math.max(seconds, 1e-3))));
    }
    if (v.matches()) {
      out.println(
          "Every table matches: " + DemoText.count(v.sourceRows()) + " rows on both sides.");
      if (result.outcome() == MigrationResult.Outcome.COPIED) {
        out.println("Start the collectors with --database-url and the same JDBC URL.");
      } else if (result.copiedAt().isEmpty()) {
        out.println("The migration into it is not complete: run it without --verify-only.");
      }
      out.flush();
      return 0;
    }
    out.flush();
    if (!v.differing().isEmpty()) {
      err.println(
          "upkeep: the target differs from the source in "
              + String.join(", ", v.differing())
              + (result.copiedAt().isEmpty()
                  ? "; the migration is not complete: run it without --verify-only to resume"
                  : "; was a collector running on either side? Start over on an empty target"));
    }
    if (!v.sequencesBehind().isEmpty()) {
      err.println(
          "upkeep: these ids would be handed out again: "
              + String.join(", ", v.sequencesBehind())
              + "; a collector's next insert there would fail: move each sequence past its"
              + " column's largest value (SELECT setval(pg_get_serial_sequence('TABLE', 'COLUMN'),"
              + " MAX(COLUMN)) FROM TABLE)");
    }
    err.flush();
    return 1;
  }
}
