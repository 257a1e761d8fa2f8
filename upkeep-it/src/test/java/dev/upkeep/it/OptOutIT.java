package dev.upkeep.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * With an opt-out variable set, a whole tracked run (start, work, failure, exit) opens no
 * connection and writes no file.
 */
class OptOutIT {
  @TempDir Path home;

  @ParameterizedTest
  @ValueSource(strings = {"DO_NOT_TRACK", "UPKEEP_OPTOUT"})
  void optedOutRunSendsNothingAndWritesNothing(String variable) throws Exception {
    try (CountingServer counting = new CountingServer()) {
      Map<String, String> env =
          Map.of(variable, "1", "UPKEEP_ENDPOINT", "http://127.0.0.1:" + counting.port());
      assertThat(TrackedCliProcess.run(home, env, "--work-ms", "200")).isZero();
      assertThat(TrackedCliProcess.run(home, env, "--fail")).isEqualTo(1);
      assertThat(counting.connections.get()).isZero();
    }
    assertThat(Files.exists(home.resolve("config"))).isFalse();
    assertThat(Files.exists(home.resolve("cache"))).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "false", ""})
  void falseLikeValuesDoNotOptOut(String value) throws Exception {
    try (CountingServer counting = new CountingServer()) {
      Map<String, String> env =
          Map.of("DO_NOT_TRACK", value, "UPKEEP_ENDPOINT", "http://127.0.0.1:" + counting.port());
      TrackedCliProcess.run(home, env);
      assertThat(counting.connections.get()).isPositive();
    }
  }
}
