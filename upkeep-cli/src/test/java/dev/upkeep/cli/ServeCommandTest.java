package dev.upkeep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upkeep.server.ServerConfig;
import dev.upkeep.server.ServerConfigBuilder;
import dev.upkeep.server.UpkeepServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code upkeep serve} prints: the master token once, and only when no file was asked for; and
 * one line, no stack trace, for a damaged database. Starts real collectors on ephemeral ports.
 */
class ServeCommandTest {
  @TempDir Path dir;

  String start(UnaryOperator<ServerConfigBuilder> tweak) {
    ServerConfig config =
        tweak
            .apply(
                ServerConfig.builder()
                    .host("127.0.0.1")
                    .port(0)
                    .dataDir(dir.resolve("data"))
                    .rateLimitEnabled(false))
            .build();
    StringWriter out = new StringWriter();
    try (UpkeepServer server = UpkeepServer.start(config)) {
      ServeCommand.banner(new PrintWriter(out), server, config);
    }
    return out.toString();
  }

  @Test
  void withoutAFileTheMasterTokenIsPrintedOnceOnly() {
    String first = start(b -> b);
    String second = start(b -> b);

    assertThat(first)
        .containsPattern("Master token \\(shown once; only its hash is stored\\): m_\\S{43}");
    assertThat(second).doesNotContain("Master token").doesNotContainPattern("m_\\S{43}");
    assertThat(second).contains("listening on");
  }

  @Test
  void withAFileOnlyItsPathIsPrinted() throws Exception {
    Path file = dir.resolve("secrets/master.token");
    String first = start(b -> b.masterTokenFile(file));
    String second = start(b -> b.masterTokenFile(file));

    String token = Files.readString(file).trim();
    assertThat(token).startsWith("m_");
    assertThat(first)
        .doesNotContain(token)
        .doesNotContainPattern("m_\\S{43}")
        .contains("Master token written to " + file.toAbsolutePath() + " (mode 0600");
    assertThat(second).doesNotContain("Master token").doesNotContain(token);
  }

  @Test
  void aDamagedDatabaseStopsServeWithOneLine() throws Exception {
    Path data = Files.createDirectories(dir.resolve("data"));
    byte[] noise = new byte[8192];
    new Random(5).nextBytes(noise);
    Files.write(data.resolve("upkeep.db"), noise);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    PrintStream stdout = System.out;
    PrintStream stderr = System.err;
    int code;
    try {
      System.setOut(new PrintStream(console, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(console, true, StandardCharsets.UTF_8));
      code =
          Main.run(
              new PrintWriter(out, true),
              new PrintWriter(err, true),
              "serve",
              "--host",
              "127.0.0.1",
              "--port",
              "0",
              "--data",
              data.toString());
    } finally {
      System.setOut(stdout);
      System.setErr(stderr);
    }

    assertThat(code).isEqualTo(1);
    assertThat(err.toString())
        .isEqualTo(
            "upkeep: cannot start the collector: upkeep.db at "
                + data.resolve("upkeep.db").toAbsolutePath()
                + " is not a valid SQLite database (file is not a database): restore it from a"
                + " backup, or move it aside to start empty"
                + System.lineSeparator());
    assertThat(out.toString()).isEmpty();
    assertThat(console.toString(StandardCharsets.UTF_8))
        .doesNotContain("\tat ")
        .doesNotContain("Exception");
  }
}
