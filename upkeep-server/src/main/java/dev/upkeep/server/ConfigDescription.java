package dev.upkeep.server;

import dev.upkeep.server.privacy.RetentionText;
import dev.upkeep.server.settings.ByteText;
import dev.upkeep.server.settings.DurationText;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The effective settings of a {@link ServerConfig} by key, in a stable order, as {@code upkeep
 * config} prints them: secrets as {@code ***} (a password in {@code database-url}, tokens), the
 * limits a disabled rate limit turns off as {@code off}.
 */
final class ConfigDescription {
  private ConfigDescription() {}

  /** Every setting of {@code c}, in {@link ServerConfig#describe()}'s order. */
  static Map<String, String> of(ServerConfig c) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("host", c.host());
    m.put("port", Integer.toString(c.port()));
    m.put("data", String.valueOf(c.dataDir()));
    m.put("database-url", c.databaseUrl() == null ? "(embedded SQLite)" : redact(c.databaseUrl()));
    m.putAll(c.database().describe());
    m.put("master-token-file", String.valueOf(c.masterTokenFile()));
    m.put("backend-header", c.backendHeader());
    m.put("max-body-bytes", Integer.toString(c.maxBodyBytes()));
    m.put("max-batch-body-bytes", Integer.toString(c.maxBatchBodyBytes()));
    m.put("max-blob-size", Long.toString(c.maxBlobSize()));
    m.putAll(c.blobStore().describe());
    m.put("rate-limit", c.rateLimitEnabled() ? Integer.toString(c.rateLimit()) : "off");
    m.put("rate-window-seconds", Long.toString(c.rateWindow().toSeconds()));
    m.put("client-event-limit", limit(c.ingestLimits().clientEvents()));
    m.put("project-event-limit", limit(c.ingestLimits().projectEvents()));
    m.put("max-events-per-project-day", limit(c.ingestLimits().projectEventsPerDay()));
    m.put("rate-limit-store", c.rateLimitStore().toString());
    m.put("trusted-proxies", c.trustedProxies().toString());
    m.put("header-timeout", Long.toString(c.httpTimeouts().header().toSeconds()));
    m.put("request-timeout", Long.toString(c.httpTimeouts().request().toSeconds()));
    m.put("idle-timeout", Long.toString(c.httpTimeouts().idle().toSeconds()));
    m.put("max-connections", Integer.toString(c.maxConnections()));
    m.put("http-threads", Integer.toString(c.httpThreads()));
    m.put(
        "max-heap-warning", c.maxHeapWarning() == 0 ? "off" : ByteText.format(c.maxHeapWarning()));
    m.put("queue-capacity", Integer.toString(c.queueCapacity()));
    m.put("max-batch", Integer.toString(c.maxBatch()));
    m.put("ingest-writers", Integer.toString(c.ingestWriters()));
    m.put("sqlite-synchronous", c.store().synchronous().name());
    m.put("sqlite-pool-size", Integer.toString(c.store().sqlitePoolSize()));
    m.put("sqlite-busy-timeout", DurationText.format(c.store().sqliteBusyTimeout()));
    m.put("install-token-ttl", Long.toString(c.installTokenTtl().toSeconds()));
    m.put("otumat-max-body-bytes", Integer.toString(c.otumatMaxBodyBytes()));
    m.put("otumat-max-rows", Integer.toString(c.otumatMaxRows()));
    m.put("refresh-grace", Long.toString(c.refreshGrace().toSeconds()));
    m.put("purge-interval", Long.toString(c.purgeInterval().toSeconds()));
    m.put("default-visibility", c.defaultVisibility().wire());
    m.put("retention", RetentionText.format(c.retentionDays()));
    m.putAll(c.versionSources().describe());
    m.put("audit-log", c.auditLog().map(String::valueOf).orElse("off"));
    m.put("metrics-token", c.metricsToken() == null ? "off" : "***");
    m.put("log-format", c.logFormat().wire());
    m.putAll(c.alerts().describe());
    return m;
  }

  private static String limit(long n) {
    return n == 0 ? "off" : Long.toString(n);
  }

  private static String redact(String url) {
    return url.replaceAll("password=[^&]*", "password=***");
  }
}
