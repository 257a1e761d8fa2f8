package dev.upkeep.cli;

import dev.upkeep.server.ServerConfig;
import dev.upkeep.server.ServerConfigBuilder;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options of every command that opens the collector's store ({@code serve}, {@code config},
 * {@code store prune}, {@code store rebuild-rollups}, {@code demo}): {@code --config} and {@code
 * UPKEEP_*} ({@link ConfigOptions}), then {@code --data} and {@code --database-url}, which win. The
 * store is then opened from {@link ServerConfig#store()}.
 */
final class StoreOptions {
  @Mixin ConfigOptions config;

  @Option(
      names = "--data",
      description =
          "Data directory holding upkeep.db (default ./" + ServerConfig.DEFAULT_DATA_DIR + ").")
  Path data;

  @Option(
      names = "--database-url",
      description = "Use PostgreSQL at this JDBC URL instead of the embedded SQLite store.")
  String databaseUrl;

  /**
   * A builder with every source applied but the command's own other options.
   *
   * @throws CliException when the {@code --config} file cannot be read
   * @throws IllegalArgumentException naming the source and the key of a bad setting
   */
  ServerConfigBuilder builder(Map<String, String> env) {
    ServerConfigBuilder b = config.builder(env);
    if (data != null) {
      b.dataDir(data);
    }
    if (databaseUrl != null) {
      b.databaseUrl(databaseUrl);
    }
    return b;
  }

  /**
   * The configuration from every source, in precedence order.
   *
   * @throws CliException for a bad setting or an unreadable {@code --config} file, naming it
   */
  ServerConfig toConfig(Map<String, String> env) {
    try {
      return builder(env).build();
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage(), e);
    }
  }
}
