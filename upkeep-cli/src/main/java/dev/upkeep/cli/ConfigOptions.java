package dev.upkeep.cli;

import dev.upkeep.server.ServerConfig;
import dev.upkeep.server.ServerConfigBuilder;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.Option;

/**
 * The {@code --config} option and the {@code UPKEEP_*} environment variables, applied to a {@link
 * ServerConfigBuilder} in the collector's precedence, lowest first: built-in defaults, the {@code
 * --config} properties file, then {@code UPKEEP_*} environment variables (the setting name
 * upper-cased with {@code -} as {@code _}, e.g. {@code UPKEEP_RATE_LIMIT}). The command's own
 * options come last ({@link StoreOptions}, {@link ServeOptions}).
 */
final class ConfigOptions {
  @Option(names = "--config", description = "A properties file of settings (see docs).")
  Path config;

  /**
   * A builder with the defaults, the {@code --config} file and the environment applied.
   *
   * @throws CliException when the file cannot be read
   * @throws IllegalArgumentException naming the source and the key of a bad setting
   */
  ServerConfigBuilder builder(Map<String, String> env) {
    ServerConfigBuilder b = ServerConfig.builder();
    if (config != null) {
      b.apply(readProperties(config), config.toString());
    }
    Map<String, String> fromEnv = new LinkedHashMap<>();
    for (String key : ServerConfig.builder().build().describe().keySet()) {
      String name = "UPKEEP_" + key.toUpperCase(Locale.ROOT).replace('-', '_');
      String v = env.get(name);
      if (v != null && !v.isBlank()) {
        fromEnv.put(key, v);
      }
    }
    b.apply(fromEnv, "environment");
    return b;
  }

  private static Map<String, String> readProperties(Path file) {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file)) {
      p.load(r);
    } catch (IOException e) {
      throw new CliException("cannot read config file " + file + ": " + e.getMessage(), e);
    }
    Map<String, String> m = new LinkedHashMap<>();
    for (String k : p.stringPropertyNames()) {
      m.put(k, p.getProperty(k));
    }
    return m;
  }
}
