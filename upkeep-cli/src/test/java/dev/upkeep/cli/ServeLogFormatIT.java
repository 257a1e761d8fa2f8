package dev.upkeep.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code upkeep serve} from the shaded jar on an ephemeral port over a new data directory: with
 * {@code log-format = json} every line it writes on standard error, from start to shutdown, is one
 * JSON object with the level, the logger and the message; with the default, the text lines stay.
 */
class ServeLogFormatIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  /** The standard error of a collector started with {@code args} and {@code env}, then stopped. */
  List<String> stderrOfARun(Map<String, String> env, String... args) throws Exception {
    List<String> serve =
        new ArrayList<>(
            List.of(
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                "0",
                "--data",
                dir.resolve("data").toString(),
                "--master-token-file",
                dir.resolve("master.token").toString()));
    serve.addAll(List.of(args));
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    ProcessBuilder pb =
        new ProcessBuilder(UpkeepJar.command(serve.toArray(String[]::new)))
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("UPKEEP_"));
    pb.environment().putAll(env);
    Process p = pb.start();
    try {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> {
                assertThat(p.isAlive()).as(() -> read(err)).isTrue();
                return read(out).contains("Upkeep collector listening on http://127.0.0.1:");
              });
    } finally {
      p.toHandle().destroy(); // SIGTERM: the collector drains and says it stopped
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
    List<String> lines = Files.readAllLines(err);
    assertThat(String.join("\n", lines)).contains("collector stopped");
    return lines;
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void jsonWritesOneObjectPerLineWithLevelLoggerAndMessage() throws Exception {
    List<String> lines = stderrOfARun(Map.of(), "--log-format", "json");

    assertThat(lines).isNotEmpty();
    List<String> messages = new ArrayList<>();
    for (String line : lines) {
      JsonNode event = JSON.readTree(line);
      assertThat(event.isObject()).as(line).isTrue();
      assertThat(event.get("level").asText()).as(line).isIn("INFO", "WARN", "ERROR");
      assertThat(event.get("loggerName").asText()).as(line).startsWith("dev.upkeep.");
      assertThat(event.get("message").isTextual()).as(line).isTrue();
      messages.add(event.get("formattedMessage").asText());
    }
    assertThat(messages)
        .anyMatch(m -> m.startsWith("collector listening on http://127.0.0.1:"))
        .anyMatch(m -> m.startsWith("ready in "));
  }

  @Test
  void theSettingAlsoComesFromTheEnvironment() throws Exception {
    List<String> lines = stderrOfARun(Map.of("UPKEEP_LOG_FORMAT", "json"));

    assertThat(lines).isNotEmpty();
    for (String line : lines) {
      assertThat(JSON.readTree(line).get("loggerName").asText()).as(line).startsWith("dev.upkeep.");
    }
  }

  @Test
  void textStaysTheDefault() throws Exception {
    List<String> lines = stderrOfARun(Map.of());

    assertThat(lines)
        .isNotEmpty()
        .allMatch(
            line -> line.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} (INFO |WARN |ERROR) \\S+ - .+"));
    assertThat(String.join("\n", lines)).contains(" INFO  d.u.s.UpkeepServer - ready in ");
  }
}
