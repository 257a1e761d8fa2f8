package dev.upkeep.cli;

import dev.upkeep.server.ServerConfig;
import dev.upkeep.server.ServerConfigBuilder;
import dev.upkeep.server.installs.InstallTokenSettings;
import dev.upkeep.server.settings.LogFormat;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options of {@code upkeep serve} (and {@code upkeep config}), turned into a {@link
 * ServerConfig}. Precedence, lowest first: built-in defaults, the {@code --config} properties file,
 * {@code UPKEEP_*} environment variables (the setting name upper-cased with {@code -} as {@code _},
 * e.g. {@code UPKEEP_RATE_LIMIT}), then command-line options ({@link StoreOptions} and these).
 */
final class ServeOptions {
  @Mixin StoreOptions store;

  @Option(
      names = "--port",
      description = "TCP port (default " + ServerConfig.DEFAULT_PORT + "; 0 picks a free one).")
  Integer port;

  @Option(
      names = "--host",
      description = "Bind address (default " + ServerConfig.DEFAULT_HOST + ").")
  String host;

  @Option(
      names = "--master-token-file",
      description = "On first start, also write the master token to this file (mode 0600).")
  Path masterTokenFile;

  @Option(names = "--no-rate-limit", description = "Bypass the per-IP rate limit.")
  boolean noRateLimit;

  @Option(
      names = "--install-token-ttl",
      paramLabel = "SECONDS",
      description =
          "Lifetime of an enrolled install's access token (default "
              + InstallTokenSettings.DEFAULT_TOKEN_TTL_SECONDS
              + ").")
  Long installTokenTtl;

  @Option(
      names = "--log-format",
      paramLabel = "text|json",
      description = "The log on standard error: text (default), or json, one JSON object per line.")
  String logFormat;

  /**
   * Builds the configuration from every source, in precedence order.
   *
   * @throws IllegalArgumentException naming the source and the key of a bad setting
   */
  ServerConfig toConfig(Map<String, String> env) {
    ServerConfigBuilder b = store.builder(env);
    if (port != null) {
      b.port(port);
    }
    if (host != null) {
      b.host(host);
    }
    if (masterTokenFile != null) {
      b.masterTokenFile(masterTokenFile);
    }
    if (noRateLimit) {
      b.rateLimitEnabled(false);
    }
    if (installTokenTtl != null) {
      b.installTokenTtl(Duration.ofSeconds(installTokenTtl));
    }
    if (logFormat != null) {
      b.logFormat(LogFormat.parse(logFormat));
    }
    return b.build();
  }
}
