package dev.upkeep.cli;

import dev.upkeep.server.ServerConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.Option;

/**
 * The options of {@code upkeep serve}, turned into a {@link ServerConfig}. Precedence, lowest
 * first: built-in defaults, the {@code --config} properties file, {@code UPKEEP_*} environment
 * variables (the setting name upper-cased with {@code -} as {@code _}, e.g. {@code
 * UPKEEP_RATE_LIMIT}), then command-line options.
 */
final class ServeOptions {
  @Option(names = "--port", description = "TCP port (default 8080; 0 picks a free one).")
  Integer port;

  @Option(names = "--host", description = "Bind address (default 0.0.0.0).")
  String host;

  @Option(names = "--data", description = "Data directory holding upkeep.db (default ./data).")
  Path data;

  @Option(
      names = "--master-token-file",
      description = "On first start, also write the master token to this file (mode 0600).")
  Path masterTokenFile;

  @Option(names = "--config", description = "A properties file of settings (see docs).")
  Path config;

  @Option(
      names = "--database-url",
      description = "Use PostgreSQL at this JDBC URL instead of the embedded SQLite store.")
  String databaseUrl;

  @Option(names = "--no-rate-limit", description = "Bypass the per-IP rate limit.")
  boolean noRateLimit;

  @Option(
      names = "--install-token-ttl",
      paramLabel = "SECONDS",
      description = "Lifetime of an enrolled install's access token (default 3600).")
  Long installTokenTtl;

  /** Builds the configuration from every source, in precedence order. */
  ServerConfig toConfig(Map<String, String> env) {
    ServerConfig.Builder b = ServerConfig.builder();
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
    if (port != null) {
      b.port(port);
    }
    if (host != null) {
      b.host(host);
    }
    if (data != null) {
      b.dataDir(data);
    }
    if (masterTokenFile != null) {
      b.masterTokenFile(masterTokenFile);
    }
    if (databaseUrl != null) {
      b.databaseUrl(databaseUrl);
    }
    if (noRateLimit) {
      b.rateLimitEnabled(false);
    }
    if (installTokenTtl != null) {
      b.installTokenTtl(Duration.ofSeconds(installTokenTtl));
    }
    return b.build();
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
