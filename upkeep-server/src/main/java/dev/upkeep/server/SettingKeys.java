package dev.upkeep.server;

import dev.upkeep.server.alerts.AlertSettings;
import dev.upkeep.server.http.TrustedProxies;
import dev.upkeep.server.limits.LimitBackend;
import dev.upkeep.server.privacy.RetentionText;
import dev.upkeep.server.settings.ByteText;
import dev.upkeep.server.settings.DurationText;
import dev.upkeep.server.settings.LogFormat;
import dev.upkeep.server.store.Visibility;
import dev.upkeep.server.store.jdbc.SqliteSynchronous;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The settings by key, as a {@code --config} properties file or {@code UPKEEP_*} environment
 * variables write them, applied to a {@link ServerConfigBuilder}: the keys {@link
 * ServerConfig#describe()} lists, numbers in decimal, {@code off} and {@code auto} where a setting
 * takes them.
 */
final class SettingKeys {
  private SettingKeys() {}

  /**
   * Applies every pair to {@code b}.
   *
   * @throws IllegalArgumentException {@code "SOURCE: KEY: what is wrong"} for an unknown key or a
   *     bad value
   */
  static void apply(ServerConfigBuilder b, Map<String, String> settings, String source) {
    for (Map.Entry<String, String> e : settings.entrySet()) {
      String v = e.getValue().trim();
      try {
        switch (e.getKey()) {
          case "host" -> b.host(v);
          case "port" -> b.port(Integer.parseInt(v));
          case "data" -> b.dataDir(Path.of(v));
          case "database-url" -> b.databaseUrl(v.isEmpty() ? null : v);
          case "database-pool-size",
              "database-connect-timeout",
              "database-statement-timeout",
              "database-max-lifetime",
              "database-application-name" ->
              b.database(b.database.with(e.getKey(), v));
          case "master-token-file" -> b.masterTokenFile(v.isEmpty() ? null : Path.of(v));
          case "backend-header" -> b.backendHeader(v);
          case "max-body-bytes" -> b.maxBodyBytes(Integer.parseInt(v));
          case "max-batch-body-bytes" -> b.maxBatchBodyBytes(Integer.parseInt(v));
          case "max-blob-size" -> b.maxBlobSize(Long.parseLong(v));
          case "blob-store",
              "s3-endpoint",
              "s3-region",
              "s3-path-style",
              "s3-access-key-id",
              "s3-secret-access-key" ->
              b.blobStore(b.blobStore.with(e.getKey(), v));
          case "rate-limit" -> {
            if (v.equalsIgnoreCase("off")) {
              b.rateLimitEnabled(false);
            } else {
              b.rateLimit(Integer.parseInt(v));
              b.rateLimitEnabled(true);
            }
          }
          case "client-event-limit" -> b.clientEventLimit(offOr(v));
          case "project-event-limit" -> b.projectEventLimit(offOr(v));
          case "max-events-per-project-day" -> b.maxEventsPerProjectDay(offOr(v));
          case "rate-limit-store" -> b.rateLimitStore(v.isEmpty() ? null : LimitBackend.parse(v));
          case "trusted-proxies" -> b.trustedProxies(TrustedProxies.parse(v));
          case "header-timeout" -> b.headerTimeout(Duration.ofSeconds(Long.parseLong(v)));
          case "request-timeout" -> b.requestTimeout(Duration.ofSeconds(Long.parseLong(v)));
          case "idle-timeout" -> b.idleTimeout(Duration.ofSeconds(Long.parseLong(v)));
          case "max-connections" -> b.maxConnections(Integer.parseInt(v));
          case "rate-window-seconds" -> b.rateWindow(Duration.ofSeconds(Long.parseLong(v)));
          case "queue-capacity" -> {
            if (v.equalsIgnoreCase("auto")) {
              b.queueCapacity = 0;
            } else {
              b.queueCapacity(Integer.parseInt(v));
            }
          }
          case "http-threads" ->
              b.httpThreads(v.equalsIgnoreCase("auto") ? 0 : Integer.parseInt(v));
          case "max-heap-warning" ->
              b.maxHeapWarning(v.equalsIgnoreCase("off") ? 0 : ByteText.parse(e.getKey(), v));
          case "max-batch" -> b.maxBatch(Integer.parseInt(v));
          case "ingest-writers" -> b.ingestWriters(v.equals("auto") ? 0 : Integer.parseInt(v));
          case "sqlite-synchronous" -> b.sqliteSynchronous(SqliteSynchronous.parse(v));
          case "sqlite-pool-size" -> b.sqlitePoolSize(Integer.parseInt(v));
          case "sqlite-busy-timeout" -> b.sqliteBusyTimeout(DurationText.parse(e.getKey(), v));
          case "install-token-ttl" -> b.installTokenTtl(Duration.ofSeconds(Long.parseLong(v)));
          case "otumat-max-body-bytes" -> b.otumatMaxBodyBytes(Integer.parseInt(v));
          case "otumat-max-rows" -> b.otumatMaxRows(Integer.parseInt(v));
          case "refresh-grace" -> b.refreshGrace(Duration.ofSeconds(Long.parseLong(v)));
          case "purge-interval" -> b.purgeInterval(Duration.ofSeconds(Long.parseLong(v)));
          case "default-visibility" -> b.defaultVisibility(Visibility.parse(v));
          case "retention" -> b.retentionDays(RetentionText.parse(v));

          case "audit-log" -> {
            if (v.equalsIgnoreCase("off")) {
              b.auditLogOff();
            } else {
              b.auditLog(v.isEmpty() ? null : Path.of(v));
            }
          }
          case "log-format" -> b.logFormat(LogFormat.parse(v));
          case "metrics-token" ->
              b.metricsToken(v.isEmpty() || v.equalsIgnoreCase("off") ? null : v);
          case "maven-repository-url",
              "github-api-url",
              "github-token",
              "version-source-ttl",
              "version-source-timeout" ->
              b.versionSources(b.versionSources.with(e.getKey(), v));
          default -> {
            if (!AlertSettings.isKey(e.getKey())) {
              throw new IllegalArgumentException("unknown setting");
            }
            b.alerts(b.alerts.with(e.getKey(), v));
          }
        }
      } catch (NumberFormatException ex) {
        throw new IllegalArgumentException(
            source + ": " + e.getKey() + " must be a number, was \"" + v + "\"", ex);
      } catch (IllegalArgumentException ex) {
        throw new IllegalArgumentException(source + ": " + e.getKey() + ": " + ex.getMessage(), ex);
      }
    }
  }

  private static int offOr(String v) {
    return v.equalsIgnoreCase("off") ? 0 : Integer.parseInt(v);
  }
}
