package dev.upkeep.cli;

import dev.upkeep.cli.output.OutputOptions;
import dev.upkeep.server.ServerConfig;
import dev.upkeep.server.store.PrivacyStore;
import dev.upkeep.server.store.Project;
import dev.upkeep.server.store.Store;
import dev.upkeep.server.store.StoreException;
import dev.upkeep.server.store.jdbc.JdbcStores;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code upkeep store rebuild-rollups} and {@code prune}: maintenance of the collector's store,
 * opened directly (no server, no token) from the settings {@code upkeep serve} would use ({@link
 * StoreOptions}: {@code --data}, {@code --database-url}, {@code --config} and {@code UPKEEP_*}),
 * without a statement timeout; and {@code upkeep store migrate} ({@link StoreMigrateCommand}), from
 * one store to another named by its own options.
 */
@Command(
    name = "store",
    mixinStandardHelpOptions = true,
    subcommands = StoreMigrateCommand.class,
    description = "Maintain the collector's store directly (stop the collector first).")
final class StoreCommand {
  @Spec CommandSpec spec;

  @Command(
      name = "prune",
      mixinStandardHelpOptions = true,
      description = {
        "Delete the events of the UTC days before DATE, with their part of every count and the"
            + " users left without an event, in every project or one (what the retention setting"
            + " does every hour).",
        "SQLite: stop the collector first. PostgreSQL: safe while collectors run."
      })
  int prune(
      @Mixin StoreOptions options,
      @Mixin OutputOptions.Quiet quiet,
      @Option(names = "--before", required = true, paramLabel = "DATE", description = "YYYY-MM-DD")
          String before,
      @Option(names = "--project", paramLabel = "NAME", description = "only this project")
          String project) {
    if (quiet.on()) {
      LogSetup.warningsOnly();
    }
    LocalDate day;
    try {
      day = LocalDate.parse(before);
    } catch (DateTimeParseException e) {
      throw new CliException("--before must be a date, YYYY-MM-DD, was \"" + before + "\"");
    }
    ServerConfig config = options.toConfig(System.getenv());
    PrintWriter out = quiet.out(spec.commandLine().getOut());
    try (Store store = JdbcStores.open(config.store().forMaintenance())) {
      List<Project> projects =
          project == null
              ? store.projects().list()
              : List.of(
                  store
                      .projects()
                      .find(project)
                      .orElseThrow(() -> new CliException("no project " + project)));
      long events = 0;
      long users = 0;
      for (Project p : projects) {
        PrivacyStore.Pruned pruned = store.privacy().prune(p.id(), (int) day.toEpochDay());
        events += pruned.events();
        users += pruned.users();
        if (pruned.events() > 0 || pruned.users() > 0) {
          out.printf(
              "%s: %d events, %d users left without one%n",
              p.name(), pruned.events(), pruned.users());
        }
      }
      LocalAudit.record(
          config, "store.prune", (project == null ? "every project" : project) + " before " + day);
      out.printf(
          "deleted %d events before %s and %d users from %s%n",
          events, day, users, store.describe());
    } catch (StoreException e) {
      throw new CliException(e.getMessage(), e);
    }
    return 0;
  }

  @Command(
      name = "rebuild-rollups",
      mixinStandardHelpOptions = true,
      description = {
        "Recompute every usage rollup from the stored events: the daily rollups in one"
            + " transaction, then the months and busy days that are over, summed into month and"
            + " hour rollups.",
        "SQLite: stop the collector first (the file takes one process at a time). PostgreSQL:"
            + " safe while collectors run; their rollup writes wait until the rebuild commits."
      })
  int rebuildRollups(@Mixin StoreOptions options, @Mixin OutputOptions.Quiet quiet) {
    if (quiet.on()) {
      LogSetup.warningsOnly();
    }
    ServerConfig config = options.toConfig(System.getenv());
    long started = System.nanoTime();
    try (Store store = JdbcStores.open(config.store().forMaintenance())) {
      long events = store.events().rebuildRollups();
      LocalAudit.record(config, "rollups.rebuild", store.describe());
      quiet
          .out(spec.commandLine().getOut())
          .printf(
              "rebuilt the rollups of %s from %d events in %d ms%n",
              store.describe(), events, (System.nanoTime() - started) / 1_000_000);
    } catch (StoreException e) {
      throw new CliException(e.getMessage(), e);
    }
    return 0;
  }
}
