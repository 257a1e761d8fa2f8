package dev.upkeep.server.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The database settings: defaults, parsing as a config file writes them, and the pool they make.
 */
class DatabaseSettingsTest {
  final DatabaseSettings d = DatabaseSettings.defaults();

  @Test
  void defaults() {
    assertThat(d.poolSize())
        .isEqualTo(DatabaseSettings.defaultPoolSize(Runtime.getRuntime().availableProcessors()));
    assertThat(d.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(d.statementTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(d.maxLifetime()).isEqualTo(Duration.ofMinutes(30));
    assertThat(d.applicationName()).startsWith("upkeep@").hasSizeLessThanOrEqualTo(63);
    assertThat(d.describe())
        .containsOnlyKeys(
            "database-pool-size",
            "database-connect-timeout",
            "database-statement-timeout",
            "database-max-lifetime",
            "database-application-name")
        .containsEntry("database-connect-timeout", "5s")
        .containsEntry("database-statement-timeout", "30s")
        .containsEntry("database-max-lifetime", "30m");
  }

  @ParameterizedTest
  @CsvSource({"1, 4", "2, 5", "4, 9", "7, 15", "8, 16", "64, 16"})
  void thePoolHasOneConnectionForTheWriterAndTwoPerProcessorBetween4And16(int cpus, int size) {
    assertThat(DatabaseSettings.defaultPoolSize(cpus)).isEqualTo(size);
  }

  @Test
  void settingsAreReadAsAConfigFileWritesThem() {
    DatabaseSettings s =
        d.with("database-pool-size", " 12 ")
            .with("database-connect-timeout", "1500ms")
            .with("database-statement-timeout", "2m")
            .with("database-max-lifetime", "600")
            .with("database-application-name", "upkeep-eu-1");
    assertThat(s.poolSize()).isEqualTo(12);
    assertThat(s.connectTimeout()).isEqualTo(Duration.ofMillis(1500));
    assertThat(s.statementTimeout()).isEqualTo(Duration.ofMinutes(2));
    assertThat(s.maxLifetime()).isEqualTo(Duration.ofMinutes(10));
    assertThat(s.applicationName()).isEqualTo("upkeep-eu-1");
    assertThat(s.describe())
        .containsEntry("database-pool-size", "12")
        .containsEntry("database-connect-timeout", "1500ms")
        .containsEntry("database-statement-timeout", "2m")
        .containsEntry("database-max-lifetime", "10m")
        .containsEntry("database-application-name", "upkeep-eu-1");

    assertThat(s.with("database-statement-timeout", "off").statementTimeout()).isZero();
    assertThat(s.with("database-statement-timeout", "0").describe())
        .containsEntry("database-statement-timeout", "off");
    assertThat(s.with("database-pool-size", "auto").poolSize()).isEqualTo(d.poolSize());
    assertThat(s.with("database-application-name", "").applicationName())
        .isEqualTo(d.applicationName());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "database-pool-size | 0 | database-pool-size must be between 1 and 1000, was 0",
        "database-pool-size | many | database-pool-size must be a number or auto, was \"many\"",
        "database-connect-timeout | 100ms | database-connect-timeout must be at least 250ms, was"
            + " 100ms",
        "database-connect-timeout | soon | database-connect-timeout must be a duration such as"
            + " 500ms, 3s, 15m or 1h, was \"soon\"",
        "database-statement-timeout | -1 | database-statement-timeout must be a duration",
        "database-max-lifetime | 10s | database-max-lifetime must be at least 30s, was 10s",
        "database-application-name | ünïcode | database-application-name must be 1 to 63 printable"
            + " ASCII characters",
        "database-ssl | on | unknown setting database-ssl"
      })
  void aBadValueIsRefusedNamingTheSetting(String key, String value, String message) {
    assertThatThrownBy(() -> d.with(key, value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(message);
  }

  @Test
  void aLongApplicationNameIsRefused() {
    assertThatThrownBy(() -> d.withApplicationName("x".repeat(64)))
        .hasMessageContaining("1 to 63 printable ASCII characters");
  }

  @Test
  void theCollectorsPoolAppliesEverySetting() {
    DatabaseSettings s =
        d.withPoolSize(6)
            .withConnectTimeout(Duration.ofMillis(1500))
            .withStatementTimeout(Duration.ofSeconds(20))
            .withApplicationName("upkeep-a");
    HikariConfig c = PostgresPool.serving("jdbc:postgresql://db/upkeep?user=u", s);
    assertThat(c.getMaximumPoolSize()).isEqualTo(6);
    assertThat(c.getConnectionTimeout()).isEqualTo(1500);
    assertThat(c.getValidationTimeout()).isEqualTo(1500);
    assertThat(c.getMaxLifetime()).isEqualTo(Duration.ofMinutes(30).toMillis());
    assertThat(c.getKeepaliveTime()).isEqualTo(Duration.ofMinutes(2).toMillis());
    assertThat(c.getConnectionInitSql()).isEqualTo("SET statement_timeout = 20000");
    assertThat(c.getDataSourceProperties())
        .containsEntry("ApplicationName", "upkeep-a")
        .containsEntry("connectTimeout", "2")
        .containsEntry("loginTimeout", "2")
        .containsEntry("socketTimeout", "30")
        .containsEntry("tcpKeepAlive", "true");
  }

  @Test
  void maintenanceRunsWithoutStatementOrSocketTimeout() {
    HikariConfig c = PostgresPool.maintenance("jdbc:postgresql://db/upkeep", d);
    assertThat(c.getMaximumPoolSize()).isEqualTo(2);
    assertThat(c.getConnectionInitSql()).isNull();
    assertThat(c.getDataSourceProperties()).doesNotContainKey("socketTimeout");
    HikariConfig off =
        PostgresPool.serving("jdbc:postgresql://db/upkeep", d.withStatementTimeout(Duration.ZERO));
    assertThat(off.getConnectionInitSql()).isNull();
    assertThat(off.getDataSourceProperties()).doesNotContainKey("socketTimeout");
  }
}
