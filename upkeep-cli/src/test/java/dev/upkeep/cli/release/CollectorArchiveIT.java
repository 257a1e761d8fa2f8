package dev.upkeep.cli.release;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upkeep.cli.Main;
import dev.upkeep.server.ServerConfig;
import dev.upkeep.server.UpkeepServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code upkeep release} against a real collector, each command in its own JVM with its own
 * environment as a user runs it: a token from the environment (never written), a named archive of
 * {@code archives.toml}, {@code upkeep login} storing a token in the 0600 file (the keyring kept
 * out with {@code UPKEEP_KEYRING=off}), and the pulls counted as downloads by {@code upkeep usage}.
 */
class CollectorArchiveIT {
  @TempDir Path dir;

  private UpkeepServer server;
  private String url;
  private String master;
  private Path config;
  private Path home;

  record Run(int exit, String out, String err) {}

  @BeforeEach
  void start() throws IOException {
    server =
        UpkeepServer.start(
            ServerConfig.builder()
                .host("127.0.0.1")
                .port(0)
                .dataDir(dir.resolve("server"))
                .rateLimitEnabled(false)
                .build());
    url = "http://127.0.0.1:" + server.port() + "/";
    master = server.initialMasterToken().orElseThrow();
    config = Files.createDirectories(dir.resolve("config"));
    home = Files.createDirectories(dir.resolve("home"));
    Path tree = Files.createDirectories(dir.resolve("tree/results"));
    Files.writeString(tree.resolve("out.txt"), "42\n");
    Files.write(tree.resolve("empty.bin"), new byte[0]);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void pushListPullAndCountWithATokenFromTheEnvironmentAndALogin() throws Exception {
    assertThat(inProcess("project", "register", "lab/tools").exit()).isZero();
    Run issued = inProcess("token", "issue", "lab/tools", "--scope", "publish");
    assertThat(issued.exit()).as(issued.err()).isZero();
    String publish = issued.out().strip();

    Run push =
        upkeep(
            Map.of("UPKEEP_ARCHIVE_TOKEN", publish),
            null,
            "release",
            "push",
            dir.resolve("tree").toString(),
            "--archive",
            url,
            "--title",
            "Tools",
            "--version",
            "1.0.0");
    assertThat(push.exit()).as(push.err()).isZero();
    assertThat(push.out()).startsWith("pushed release tools 1.0.0 to " + url.replaceAll("/$", ""));
    assertThat(config.resolve("upkeep/archive-credentials")).doesNotExist();

    Files.createDirectories(config.resolve("upkeep"));
    Files.writeString(
        config.resolve("upkeep/archives.toml"),
        "[archives.lab]\nurl = \"" + url + "\"\ndefault = true\n",
        StandardCharsets.UTF_8);
    Run login = upkeep(Map.of(), publish + "\n", "login", "lab");
    assertThat(login.exit()).as(login.err()).isZero();
    Path file = config.resolve("upkeep/archive-credentials");
    assertThat(login.out())
        .contains("stored the token for 127.0.0.1:" + server.port(), file.toString());
    assertThat(Files.getPosixFilePermissions(file))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));

    Run second =
        upkeep(
            Map.of(),
            null,
            "release",
            "push",
            dir.resolve("tree").toString(),
            "--title",
            "tools",
            "--version",
            "1.1.0");
    assertThat(second.exit())
        .as("the default archive and the stored token: " + second.err())
        .isZero();

    Run list = upkeep(Map.of(), null, "release", "list", "tools", "--archive", "lab");
    assertThat(list.exit()).as(list.err()).isZero();
    assertThat(list.out()).contains("1.0.0", "1.1.0");

    for (int i = 0; i < 2; i++) {
      Run pull =
          upkeep(
              Map.of(),
              null,
              "release",
              "pull",
              "tools",
              "--constraint",
              "==1.1.0",
              "--into",
              dir.resolve("pulled-" + i).toString());
      assertThat(pull.exit()).as(pull.err()).isZero();
      assertThat(dir.resolve("pulled-" + i + "/results/out.txt")).hasContent("42");
    }

    Run usage =
        inProcess(
            "usage", "lab/tools", "--kind", "download", "--by", "version", "--from", "2020-01-01");
    assertThat(usage.exit()).as(usage.err()).isZero();
    assertThat(usage.out()).containsPattern("1\\.1\\.0\\s+2").contains("total");

    Run logout = upkeep(Map.of(), null, "logout", "lab");
    assertThat(logout.exit()).as(logout.err()).isZero();
    Run refused =
        upkeep(
            Map.of(),
            null,
            "release",
            "push",
            dir.resolve("tree").toString(),
            "--title",
            "tools",
            "--version",
            "1.2.0");
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.err()).contains("401").contains("upkeep login");
  }

  private Run inProcess(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--server");
    all.add(url);
    all.add("--token");
    all.add(master);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        Main.run(
            new PrintWriter(out, true), new PrintWriter(err, true), all.toArray(new String[0]));
    return new Run(exit, out.toString(), err.toString());
  }

  /** Runs {@code upkeep ARGS} in a new JVM in {@code dir}, with {@code env} and {@code stdin}. */
  private Run upkeep(Map<String, String> env, String stdin, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
    Map<String, String> e = pb.environment();
    e.keySet().removeIf(k -> k.startsWith("UPKEEP_"));
    e.put("XDG_CONFIG_HOME", config.toString());
    e.put("HOME", home.toString());
    e.put("UPKEEP_KEYRING", "off");
    e.putAll(new HashMap<>(env));
    Path out = dir.resolve("out-" + System.nanoTime());
    Path err = dir.resolve("err-" + System.nanoTime());
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = pb.start();
    try (var in = p.getOutputStream()) {
      if (stdin != null) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
    }
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("upkeep " + String.join(" ", args)).isTrue();
    return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
  }
}
