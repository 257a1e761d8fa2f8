package dev.upkeep.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.upkeep.server.http.HttpTimeouts;
import dev.upkeep.server.ingest.IngestLimits;
import dev.upkeep.server.limits.LimitBackend;
import dev.upkeep.server.settings.LogFormat;
import dev.upkeep.server.store.Visibility;
import dev.upkeep.server.store.jdbc.DatabaseSettings;
import dev.upkeep.server.store.jdbc.SqliteSynchronous;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServerConfigTest {
  @Test
  void defaults() {
    ServerConfig c = ServerConfig.builder().build();

    assertThat(c.host()).isEqualTo("0.0.0.0");
    assertThat(c.port()).isEqualTo(8080);
    assertThat(c.dataDir()).isEqualTo(Path.of("data"));
    assertThat(c.databaseUrl()).isNull();
    assertThat(c.masterTokenFile()).isNull();
    assertThat(c.backendHeader()).isEqualTo("migas");
    assertThat(c.maxBodyBytes()).isEqualTo(64 * 1024);
    assertThat(c.maxBatchBodyBytes()).isEqualTo(4 * 1024 * 1024);
    assertThat(c.rateLimit()).isEqualTo(1000);
    assertThat(c.rateWindow()).isEqualTo(Duration.ofSeconds(60));
    assertThat(c.rateLimitEnabled()).isTrue();
    assertThat(c.queueCapacity()).isEqualTo(Sizing.queueCapacity(Runtime.getRuntime().maxMemory()));
    assertThat(c.httpThreads())
        .isEqualTo(Sizing.httpThreads(Runtime.getRuntime().availableProcessors()));
    assertThat(c.maxHeapWarning()).isEqualTo(1L << 30);
    assertThat(c.maxBatch()).isEqualTo(2_000);
    assertThat(c.sqliteSynchronous()).isEqualTo(SqliteSynchronous.FULL);
    assertThat(c.installTokenTtl()).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void ingestWritersDefaultToOneAndMoreNeedPostgresql() {
    assertThat(ServerConfig.builder().build().ingestWriters()).isEqualTo(1);
    assertThat(
            ServerConfig.builder()
                .databaseUrl("jdbc:postgresql://db/upkeep")
                .ingestWriters(3)
                .build()
                .ingestWriters())
        .isEqualTo(3);
    assertThatThrownBy(() -> ServerConfig.builder().ingestWriters(2).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ingest-writers must be 1");
  }

  @Test
  void describeListsEverySettingInAStableOrder() {
    Map<String, String> d = ServerConfig.builder().build().describe();

    assertThat(d.keySet())
        .containsExactly(
            "host",
            "port",
            "data",
            "database-url",
            "database-pool-size",
            "database-connect-timeout",
            "database-statement-timeout",
            "database-max-lifetime",
            "database-application-name",
            "master-token-file",
            "backend-header",
            "max-body-bytes",
            "max-batch-body-bytes",
            "max-blob-size",
            "blob-store",
            "rate-limit",
            "rate-window-seconds",
            "client-event-limit",
            "project-event-limit",
            "max-events-per-project-day",
            "rate-limit-store",
            "trusted-proxies",
            "header-timeout",
            "request-timeout",
            "idle-timeout",
            "max-connections",
            "http-threads",
            "max-heap-warning",
            "queue-capacity",
            "max-batch",
            "ingest-writers",
            "sqlite-synchronous",
            "sqlite-pool-size",
            "sqlite-busy-timeout",
            "install-token-ttl",
            "otumat-max-body-bytes",
            "otumat-max-rows",
            "refresh-grace",
            "purge-interval",
            "default-visibility",
            "retention",
            "maven-repository-url",
            "github-api-url",
            "github-token",
            "version-source-ttl",
            "version-source-timeout",
            "audit-log",
            "metrics-token",
            "log-format",
            "alert-interval",
            "public-url",
            "secrets-key-file",
            "smtp-host",
            "smtp-port",
            "smtp-security",
            "smtp-username",
            "smtp-password",
            "smtp-from");
    assertThat(d)
        .containsEntry("alert-interval", "1m")
        .containsEntry("smtp-host", "(none)")
        .containsEntry("smtp-security", "starttls")
        .containsEntry("audit-log", Path.of("data", "audit.log").toString())
        .containsEntry("metrics-token", "off")
        .containsEntry("log-format", "text")
        .containsEntry("maven-repository-url", "(none)")
        .containsEntry("github-api-url", "https://api.github.com")
        .containsEntry("github-token", "(none)")
        .containsEntry("version-source-ttl", "15m")
        .containsEntry("version-source-timeout", "3s")
        .containsEntry("port", "8080")
        .containsEntry("database-url", "(embedded SQLite)")
        .containsEntry("rate-limit", "1000")
        .containsEntry("rate-window-seconds", "60")
        .containsEntry("install-token-ttl", "3600")
        .containsEntry("otumat-max-body-bytes", "33554432")
        .containsEntry("otumat-max-rows", "50000")
        .containsEntry("refresh-grace", "60")
        .containsEntry("purge-interval", "3600");
  }

  @Test
  void otumatRefreshAndPurgeSettingsApplyAndAreChecked() {
    ServerConfig c =
        ServerConfig.builder()
            .apply(
                Map.of(
                    "otumat-max-body-bytes", "1024",
                    "otumat-max-rows", "7",
                    "refresh-grace", "0",
                    "purge-interval", "30"),
                "test")
            .build();
    assertThat(c.otumatMaxBodyBytes()).isEqualTo(1024);
    assertThat(c.otumatMaxRows()).isEqualTo(7);
    assertThat(c.refreshGrace()).isZero();
    assertThat(c.purgeInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThatThrownBy(
            () -> ServerConfig.builder().apply(Map.of("refresh-grace", "-1"), "UPKEEP_*"))
        .hasMessage(
            "UPKEEP_*: refresh-grace: refresh-grace must be whole seconds from 0 to 3600, was"
                + " -1000 ms");
    assertThatThrownBy(() -> ServerConfig.builder().apply(Map.of("otumat-max-rows", "0"), "f"))
        .hasMessage("f: otumat-max-rows: otumat-max-rows must be positive, was 0");
    assertThatThrownBy(() -> ServerConfig.builder().purgeInterval(Duration.ZERO))
        .hasMessage("purge-interval must be at least 1 second, was 0 ms");
  }

  @Test
  void applySetsEveryKey() {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("host", "127.0.0.1");
    settings.put("port", " 9090 ");
    settings.put("data", "/srv/upkeep");
    settings.put("database-url", "jdbc:postgresql://db:5432/upkeep?user=upkeep");
    settings.put("database-pool-size", "6");
    settings.put("database-connect-timeout", "3s");
    settings.put("database-statement-timeout", "10s");
    settings.put("database-max-lifetime", "10m");
    settings.put("database-application-name", "upkeep-eu-1");
    settings.put("master-token-file", "/srv/upkeep/master.token");
    settings.put("backend-header", "upkeep");
    settings.put("max-body-bytes", "2500");
    settings.put("max-batch-body-bytes", "1048576");
    settings.put("max-blob-size", "1073741824");
    settings.put("blob-store", "s3://releases/upkeep");
    settings.put("s3-endpoint", "http://minio.internal:9000");
    settings.put("s3-region", "eu-central-1");
    settings.put("s3-path-style", "true");
    settings.put("s3-access-key-id", "upkeep");
    settings.put("s3-secret-access-key", "s3-secret");
    settings.put("rate-limit", "50");
    settings.put("rate-window-seconds", "30");
    settings.put("client-event-limit", "500");
    settings.put("project-event-limit", "off");
    settings.put("max-events-per-project-day", "100000");
    settings.put("rate-limit-store", "redis://:s3cret@cache.internal:6380/2");
    settings.put("trusted-proxies", "10.0.0.0/8, 192.168.1.7");
    settings.put("header-timeout", "5");
    settings.put("request-timeout", "30");
    settings.put("idle-timeout", "15");
    settings.put("max-connections", "500");
    settings.put("http-threads", "48");
    settings.put("max-heap-warning", "512m");
    settings.put("queue-capacity", "1000");
    settings.put("max-batch", "100");
    settings.put("ingest-writers", "3");
    settings.put("sqlite-synchronous", "normal");
    settings.put("sqlite-pool-size", "8");
    settings.put("sqlite-busy-timeout", "10s");
    settings.put("install-token-ttl", "1");
    settings.put("otumat-max-body-bytes", "2048");
    settings.put("otumat-max-rows", "20");
    settings.put("refresh-grace", "5");
    settings.put("purge-interval", "120");
    settings.put("default-visibility", "private");
    settings.put("retention", "365d");
    settings.put("maven-repository-url", "http://repo.internal:8081/releases/");
    settings.put("github-api-url", "http://ghe.internal/api/v3");
    settings.put("github-token", "ghp_secret");
    settings.put("version-source-ttl", "30m");
    settings.put("version-source-timeout", "1500ms");
    settings.put("audit-log", "/var/log/upkeep/audit.log");
    settings.put("metrics-token", "scrape-secret-0123456789");
    settings.put("log-format", "JSON");
    settings.put("alert-interval", "30s");
    settings.put("public-url", "https://upkeep.example.org");
    settings.put("secrets-key-file", "/etc/upkeep/secrets.key");
    settings.put("smtp-host", "mail.example.org");
    settings.put("smtp-port", "465");
    settings.put("smtp-security", "TLS");
    settings.put("smtp-username", "upkeep");
    settings.put("smtp-password", "env:UPKEEP_SMTP_PASSWORD");
    settings.put("smtp-from", "Upkeep <upkeep@example.org>");

    ServerConfig c = ServerConfig.builder().apply(settings, "upkeep.properties").build();

    assertThat(c.host()).isEqualTo("127.0.0.1");
    assertThat(c.port()).isEqualTo(9090);
    assertThat(c.dataDir()).isEqualTo(Path.of("/srv/upkeep"));
    assertThat(c.databaseUrl()).isEqualTo("jdbc:postgresql://db:5432/upkeep?user=upkeep");
    assertThat(c.masterTokenFile()).isEqualTo(Path.of("/srv/upkeep/master.token"));
    assertThat(c.backendHeader()).isEqualTo("upkeep");
    assertThat(c.maxBodyBytes()).isEqualTo(2500);
    assertThat(c.maxBatchBodyBytes()).isEqualTo(1_048_576);
    assertThat(c.maxBlobSize()).isEqualTo(1L << 30);
    assertThat(c.rateLimit()).isEqualTo(50);
    assertThat(c.rateLimitEnabled()).isTrue();
    assertThat(c.rateWindow()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.ingestLimits())
        .isEqualTo(new IngestLimits(500, 0, 100_000, Duration.ofSeconds(30)));
    assertThat(c.httpTimeouts())
        .isEqualTo(
            new HttpTimeouts(
                Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(15)));
    assertThat(c.maxConnections()).isEqualTo(500);
    assertThat(c.queueCapacity()).isEqualTo(1000);
    assertThat(c.maxBatch()).isEqualTo(100);
    assertThat(c.sqliteSynchronous()).isEqualTo(SqliteSynchronous.NORMAL);
    assertThat(c.store().sqlitePoolSize()).isEqualTo(8);
    assertThat(c.store().sqliteBusyTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.installTokenTtl()).isEqualTo(Duration.ofSeconds(1));
    assertThat(c.defaultVisibility()).isEqualTo(Visibility.PRIVATE);
    assertThat(c.retentionDays()).isEqualTo(365);
    assertThat(ServerConfig.builder().build().retentionDays()).isZero();
    assertThatThrownBy(
            () ->
                ServerConfig.builder()
                    .apply(java.util.Map.of("retention", "1y"), "upkeep.properties"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("retention must be off or a number of days");
    assertThat(c.describe().values())
        .containsExactly(
            "127.0.0.1",
            "9090",
            Path.of("/srv/upkeep").toString(),
            "jdbc:postgresql://db:5432/upkeep?user=upkeep",
            "6",
            "3s",
            "10s",
            "10m",
            "upkeep-eu-1",
            Path.of("/srv/upkeep/master.token").toString(),
            "upkeep",
            "2500",
            "1048576",
            "1073741824",
            "s3://releases/upkeep",
            "http://minio.internal:9000",
            "eu-central-1",
            "true",
            "upkeep",
            "***",
            "50",
            "30",
            "500",
            "off",
            "100000",
            "redis://:***@cache.internal:6380/2",
            "10.0.0.0/8,192.168.1.7/32",
            "5",
            "30",
            "15",
            "500",
            "48",
            "512m",
            "1000",
            "100",
            "3",
            "NORMAL",
            "8",
            "10s",
            "1",
            "2048",
            "20",
            "5",
            "120",
            "private",
            "365d",
            "http://repo.internal:8081/releases",
            "http://ghe.internal/api/v3",
            "***",
            "30m",
            "1500ms",
            Path.of("/var/log/upkeep/audit.log").toString(),
            "***",
            "json",
            "30s",
            "https://upkeep.example.org",
            Path.of("/etc/upkeep/secrets.key").toString(),
            "mail.example.org",
            "465",
            "tls",
            "upkeep",
            "env:UPKEEP_SMTP_PASSWORD",
            "Upkeep <upkeep@example.org>");
    assertThat(c.alerts().smtp().security())
        .isEqualTo(dev.upkeep.server.alerts.delivery.SmtpSettings.Security.TLS);
    assertThatThrownBy(
            () ->
                ServerConfig.builder()
                    .apply(java.util.Map.of("smtp-password", "hunter2"), "upkeep.properties"))
        .as("a password, not a reference")
        .hasMessageStartingWith("upkeep.properties: smtp-password: ")
        .hasMessageNotContaining("hunter2");
    assertThat(c.logFormat()).isEqualTo(LogFormat.JSON);
    assertThat(ServerConfig.builder().build().logFormat()).isEqualTo(LogFormat.TEXT);
    assertThat(c.auditLog()).contains(Path.of("/var/log/upkeep/audit.log"));
    assertThat(c.metricsToken()).isEqualTo("scrape-secret-0123456789");
    assertThat(c.versionSources().githubToken()).isEqualTo("ghp_secret");
    assertThat(c.versionSources().ttl()).isEqualTo(Duration.ofMinutes(30));
    assertThat(c.versionSources().timeout()).isEqualTo(Duration.ofMillis(1500));
  }

  @Test
  void versionSourceSettingsAreCheckedAndNamed() {
    assertThatThrownBy(
            () ->
                ServerConfig.builder()
                    .apply(Map.of("version-source-timeout", "soon"), "environment"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "environment: version-source-timeout: version-source-timeout must be a duration such"
                + " as 500ms, 3s, 15m or 1h, was \"soon\"");
    assertThatThrownBy(
            () -> ServerConfig.builder().apply(Map.of("version-source-ttl", "0"), "environment"))
        .hasMessageContaining("version-source-ttl must be positive");
    assertThatThrownBy(
            () ->
                ServerConfig.builder()
                    .apply(Map.of("maven-repository-url", "file:///m2"), "upkeep.properties"))
        .hasMessageContaining("maven-repository-url must be an http(s) URL");
    assertThat(
            ServerConfig.builder()
                .apply(Map.of("version-source-ttl", "900"), "env")
                .build()
                .versionSources()
                .ttl())
        .isEqualTo(Duration.ofMinutes(15));
  }

  @Test
  void databaseSettingsApplyAndAreNamed() {
    ServerConfig c =
        ServerConfig.builder()
            .apply(
                Map.of(
                    "database-pool-size", "3",
                    "database-connect-timeout", "2s",
                    "database-statement-timeout", "off",
                    "database-max-lifetime", "5m",
                    "database-application-name", "upkeep-eu-1"),
                "upkeep.properties")
            .build();
    assertThat(c.database().poolSize()).isEqualTo(3);
    assertThat(c.database().connectTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.database().statementTimeout()).isZero();
    assertThat(c.database().maxLifetime()).isEqualTo(Duration.ofMinutes(5));
    assertThat(c.describe())
        .containsEntry("database-pool-size", "3")
        .containsEntry("database-connect-timeout", "2s")
        .containsEntry("database-statement-timeout", "off")
        .containsEntry("database-max-lifetime", "5m")
        .containsEntry("database-application-name", "upkeep-eu-1");
    assertThat(ServerConfig.builder().build().database()).isEqualTo(DatabaseSettings.defaults());
    assertThatThrownBy(
            () ->
                ServerConfig.builder()
                    .apply(Map.of("database-connect-timeout", "forever"), "environment"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "environment: database-connect-timeout: database-connect-timeout must be a duration"
                + " such as 500ms, 3s, 15m or 1h, was \"forever\"");
    assertThatThrownBy(
            () -> ServerConfig.builder().apply(Map.of("database-pool-size", "0"), "environment"))
        .hasMessage(
            "environment: database-pool-size: database-pool-size must be between 1 and 1000, was 0");
  }

  @Test
  void rateLimitOffDisablesTheLimit() {
    ServerConfig c = ServerConfig.builder().apply(Map.of("rate-limit", "OFF"), "env").build();

    assertThat(c.rateLimitEnabled()).isFalse();
    assertThat(c.describe()).containsEntry("rate-limit", "off");
  }

  @Test
  void emptyDatabaseUrlAndTokenFileMeanNone() {
    ServerConfig c =
        ServerConfig.builder()
            .databaseUrl("jdbc:postgresql://db/upkeep")
            .masterTokenFile(Path.of("t"))
            .apply(Map.of("database-url", "", "master-token-file", " "), "env")
            .build();

    assertThat(c.databaseUrl()).isNull();
    assertThat(c.masterTokenFile()).isNull();
  }

  @Test
  void laterSourcesOverrideEarlierOnes() {
    ServerConfig c =
        ServerConfig.builder()
            .apply(Map.of("port", "1111", "host", "10.0.0.1"), "file")
            .apply(Map.of("port", "2222"), "environment")
            .build();

    assertThat(c.port()).isEqualTo(2222);
    assertThat(c.host()).isEqualTo("10.0.0.1");
  }

  @ParameterizedTest
  @CsvSource({
    "port, eighty",
    "port, 8080.5",
    "max-body-bytes, 64k",
    "max-batch-body-bytes, ''",
    "rate-limit, many",
    "rate-window-seconds, 1m",
    "queue-capacity, 99999999999",
    "max-batch, two",
    "install-token-ttl, 1h"
  })
  void badNumberNamesTheSourceAndTheKey(String key, String value) {
    assertThatThrownBy(() -> ServerConfig.builder().apply(Map.of(key, value), "/etc/upkeep.conf"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("/etc/upkeep.conf: " + key + " must be a number, was \"" + value + "\"");
  }

  @Test
  void unknownKeyNamesTheSourceAndTheKey() {
    assertThatThrownBy(
            () -> ServerConfig.builder().apply(Map.of("max-bodybytes", "10"), "environment"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("environment: max-bodybytes")
        .hasMessageContaining("unknown");
  }

  @ParameterizedTest
  @CsvSource({
    "port, 70000, 'port must be between 0 and 65535, was 70000'",
    "port, -1, 'port must be between 0 and 65535, was -1'",
    "max-body-bytes, 0, 'max-body-bytes must be positive, was 0'",
    "max-batch-body-bytes, -5, 'max-batch-body-bytes must be positive, was -5'",
    "rate-limit, 0, 'rate-limit must be positive, was 0'",
    "rate-window-seconds, 0, 'rate-window must be positive'",
    "queue-capacity, -1, 'queue-capacity must be positive, was -1'",
    "max-batch, 0, 'max-batch must be positive, was 0'",
    "sqlite-synchronous, fast, 'sqlite-synchronous must be FULL or NORMAL, was fast'",
    "sqlite-synchronous, off, 'sqlite-synchronous must be FULL or NORMAL, was off'",
    "sqlite-pool-size, 1, 'sqlite-pool-size must be between 2 and 64, was 1'",
    "sqlite-busy-timeout, 500ms, 'sqlite-busy-timeout must be from 1s to 1h, was 500ms'",
    "database-url, jdbc:mysql://db/upkeep, 'database-url must start with jdbc:postgresql:'",
    "backend-header, '  ', 'backend-header must not be blank'",
    "install-token-ttl, 0, 'install-token-ttl must be at least 1 second, was 0'",
    "install-token-ttl, -60, 'install-token-ttl must be at least 1 second, was -60'",
    "log-format, xml, 'log-format must be text or json, was \"xml\"'"
  })
  void badValueNamesTheSourceTheKeyAndTheProblem(String key, String value, String problem) {
    assertThatThrownBy(() -> ServerConfig.builder().apply(Map.of(key, value), "upkeep.properties"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("upkeep.properties: " + key + ": ")
        .hasMessageContaining(problem);
  }

  @Test
  void builderSettersNameTheSetting() {
    assertThatThrownBy(() -> ServerConfig.builder().queueCapacity(-1))
        .hasMessage("queue-capacity must be positive, was -1");
    assertThatThrownBy(() -> ServerConfig.builder().rateWindow(Duration.ofSeconds(-1)))
        .hasMessageContaining("rate-window");
    assertThatThrownBy(() -> ServerConfig.builder().installTokenTtl(Duration.ofMillis(1500)))
        .hasMessage("install-token-ttl must be whole seconds, was 1500 ms");
  }

  @Test
  void auditLogOffAndAShortMetricsTokenAreNamed() {
    ServerConfig off = ServerConfig.builder().apply(Map.of("audit-log", "off"), "env").build();

    assertThat(off.auditLog()).isEmpty();
    assertThat(off.describe()).containsEntry("audit-log", "off");
    assertThatThrownBy(
            () ->
                ServerConfig.builder().apply(Map.of("metrics-token", "short"), "upkeep.properties"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "upkeep.properties: metrics-token: metrics-token must be at least 16 characters, was"
                + " 5");
  }

  @Test
  void describeRedactsThePasswordOfTheDatabaseUrl() {
    ServerConfig c =
        ServerConfig.builder()
            .databaseUrl("jdbc:postgresql://db:5432/upkeep?user=upkeep&password=s3cr3t&ssl=true")
            .build();

    assertThat(c.describe().get("database-url"))
        .isEqualTo("jdbc:postgresql://db:5432/upkeep?user=upkeep&password=***&ssl=true")
        .doesNotContain("s3cr3t");
    assertThat(c.databaseUrl()).contains("s3cr3t");
  }

  @Test
  void describeRedactsAPasswordAtTheEndOfTheUrl() {
    ServerConfig c =
        ServerConfig.builder().databaseUrl("jdbc:postgresql://db/upkeep?password=hunter2").build();

    assertThat(c.describe().get("database-url")).doesNotContain("hunter2");
  }

  @Test
  void laterNumericRateLimitOverridesAnEarlierOff() {
    ServerConfig c =
        ServerConfig.builder()
            .apply(Map.of("rate-limit", "off"), "upkeep.properties")
            .apply(Map.of("rate-limit", "500"), "environment")
            .build();

    assertThat(c.rateLimitEnabled()).isTrue();
    assertThat(c.rateLimit()).isEqualTo(500);
  }

  @Test
  void rateLimitStoreIsMemoryWithTheEmbeddedStoreAndPostgresWithADatabaseUrl() {
    assertThat(ServerConfig.builder().build().rateLimitStore()).isEqualTo(LimitBackend.MEMORY);
    ServerConfig pg =
        ServerConfig.builder().databaseUrl("jdbc:postgresql://db:5432/upkeep").build();
    assertThat(pg.rateLimitStore()).isEqualTo(LimitBackend.POSTGRES);
    assertThat(pg.describe()).containsEntry("rate-limit-store", "postgres");
    ServerConfig memory =
        ServerConfig.builder()
            .databaseUrl("jdbc:postgresql://db:5432/upkeep")
            .apply(Map.of("rate-limit-store", "memory"), "upkeep.properties")
            .build();
    assertThat(memory.rateLimitStore()).isEqualTo(LimitBackend.MEMORY);
  }

  @Test
  void postgresRateLimitStoreNeedsADatabaseUrl() {
    ServerConfigBuilder b =
        ServerConfig.builder().apply(Map.of("rate-limit-store", "postgres"), "environment");

    assertThatThrownBy(b::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rate-limit-store = postgres needs database-url");
  }

  @Test
  void badRateLimitStoreAndTrustedProxiesNameTheSetting() {
    assertThatThrownBy(
            () ->
                ServerConfig.builder()
                    .apply(Map.of("rate-limit-store", "memcached://x"), "upkeep.properties"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("upkeep.properties: rate-limit-store: must be memory, postgres");
    assertThatThrownBy(
            () ->
                ServerConfig.builder()
                    .apply(Map.of("trusted-proxies", "10.0.0.0/8, proxy.internal"), "environment"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("environment: trusted-proxies: must be IP addresses")
        .hasMessageContaining("\"proxy.internal\" is not one");
  }

  @Test
  void trustedProxiesDefaultToNone() {
    ServerConfig c = ServerConfig.builder().build();

    assertThat(c.trustedProxies().isEmpty()).isTrue();
    assertThat(c.describe()).containsEntry("trusted-proxies", "none");
  }

  @Test
  void httpThreadsAreAutoOrANumberFrom8To1000() {
    assertThat(build("http-threads", "auto").httpThreads())
        .isEqualTo(Sizing.httpThreads(Runtime.getRuntime().availableProcessors()));
    assertThat(build("http-threads", "8").httpThreads()).isEqualTo(8);
    assertThat(build("http-threads", "1000").httpThreads()).isEqualTo(1000);
    assertThatThrownBy(() -> build("http-threads", "7"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("env: http-threads: http-threads must be 8 to 1000 or auto, was 7");
    assertThatThrownBy(() -> build("http-threads", "many"))
        .hasMessage("env: http-threads must be a number, was \"many\"");
  }

  @Test
  void maxHeapWarningIsASizeOrOff() {
    assertThat(build("max-heap-warning", "off").maxHeapWarning()).isZero();
    assertThat(build("max-heap-warning", "off").describe())
        .containsEntry("max-heap-warning", "off");
    assertThat(build("max-heap-warning", "2g").maxHeapWarning()).isEqualTo(2L << 30);
    assertThat(build("max-heap-warning", "300m").describe())
        .containsEntry("max-heap-warning", "300m");
    assertThat(build("max-heap-warning", "1000").maxHeapWarning()).isEqualTo(1000);
    assertThatThrownBy(() -> build("max-heap-warning", "lots"))
        .hasMessage(
            "env: max-heap-warning: max-heap-warning must be a size such as 512k, 256m or 1g,"
                + " was \"lots\"");
  }

  @Test
  void queueCapacityIsAutoOrPositive() {
    assertThat(build("queue-capacity", "auto").queueCapacity())
        .isEqualTo(Sizing.queueCapacity(Runtime.getRuntime().maxMemory()));
    assertThat(build("queue-capacity", "7").queueCapacity()).isEqualTo(7);
    assertThatThrownBy(() -> build("queue-capacity", "0"))
        .hasMessage("env: queue-capacity: queue-capacity must be positive, was 0");
  }

  @Test
  void defaultSizesFollowTheProcessorsAndTheHeap() {
    assertThat(Sizing.httpThreads(1)).isEqualTo(32);
    assertThat(Sizing.httpThreads(2)).isEqualTo(32);
    assertThat(Sizing.httpThreads(4)).isEqualTo(64);
    assertThat(Sizing.httpThreads(64)).isEqualTo(200);
    assertThat(Sizing.queueCapacity(256L << 20)).isEqualTo(16_384);
    assertThat(Sizing.queueCapacity(8L << 20)).isEqualTo(1_000);
    assertThat(Sizing.queueCapacity(6L << 30)).isEqualTo(50_000);
  }

  private static ServerConfig build(String key, String value) {
    return ServerConfig.builder().apply(Map.of(key, value), "env").build();
  }
}
