package dev.upkeep.cli;

import dev.upkeep.server.ServerConfig;
import dev.upkeep.server.store.Store;
import dev.upkeep.server.store.StoreException;
import dev.upkeep.server.store.jdbc.JdbcStores;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code upkeep store rebuild-rollups}: maintenance of the collector's store, opened directly (no
 * server, no token) from the settings {@code upkeep serve} would use: {@code --data}, {@code
 * --database-url}, {@code --config} and {@code UPKEEP_*}; and {@code upkeep store migrate} ({@link
 * StoreMigrateCommand}), from one store to another named by its own options.
 */
@Command(
    name = "store",
    mixinStandardHelpOptions = true,
    subcommands = StoreMigrateCommand.class,
    description = "Maintain the collector's store directly (stop the collector first).")
final class StoreCommand {
  @Spec CommandSpec spec;

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
  int rebuildRollups(@Mixin ServeOptions options) {
    ServerConfig config;
    try {
      config = options.toConfig(System.getenv());
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage(), e);
    }
    long started = System.nanoTime();
    try (Store store =
        config.databaseUrl() == null
            ? JdbcStores.sqlite(config.dataDir(), config.sqliteSynchronous())
            : JdbcStores.postgres(config.databaseUrl())) {
      long events = store.events().rebuildRollups();
      LocalAudit.record(config, "rollups.rebuild", store.describe());
      spec.commandLine()
          .getOut()
          .printf(
              "rebuilt the rollups of %s from %d events in %d ms%n",
              store.describe(), events, (System.nanoTime() - started) / 1_000_000);
    } catch (StoreException e) {
      throw new CliException(e.getMessage(), e);
    }
    return 0;
  }
}
