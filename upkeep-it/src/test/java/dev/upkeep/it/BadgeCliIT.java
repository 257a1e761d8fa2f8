package dev.upkeep.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code upkeep project badge NAME on|off} against a real collector, and the badge it serves. */
class BadgeCliIT {
  private static final String PROJECT = "nipreps/fmriprep";

  @TempDir Path dir;
  private RunningServer server;

  @BeforeEach
  void start() throws Exception {
    server = RunningServer.start(dir);
    server.register(PROJECT, "1.0.0");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private CliIT.Run upkeep(String... args) {
    return CliIT.upkeep(server, args);
  }

  private RawHttp.Response badge() throws Exception {
    return RawHttp.send(
        server.port(),
        "GET /badge/" + PROJECT + "/users.svg?period=7d HTTP/1.1",
        List.of("Connection: close"),
        new byte[0]);
  }

  @Test
  void turnsTheBadgeOnAndOff() throws Exception {
    assertThat(badge().status()).isEqualTo(404);
    assertThat(upkeep("project", "badge", PROJECT, "on"))
        .isEqualTo(
            new CliIT.Run(
                0,
                "badge of "
                    + PROJECT
                    + " is on: "
                    + server.url()
                    + "/badge/"
                    + PROJECT
                    + "/users.svg\n",
                ""));
    RawHttp.Response on = badge();
    assertThat(on.status()).isEqualTo(200);
    assertThat(on.body()).contains("<title>users: 0/week</title>");

    assertThat(upkeep("project", "badge", PROJECT, "off").out())
        .isEqualTo("badge of " + PROJECT + " is off\n");
    assertThat(badge().status()).isEqualTo(404);
  }

  @Test
  void refusesAnUnknownProjectAndABadSwitch() {
    CliIT.Run unknown = upkeep("project", "badge", "no/such", "on");
    assertThat(unknown.exit()).isEqualTo(1);
    assertThat(unknown.err()).contains("HTTP 404");
    CliIT.Run bad = upkeep("project", "badge", PROJECT, "maybe");
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).contains("on", "off");
  }
}
