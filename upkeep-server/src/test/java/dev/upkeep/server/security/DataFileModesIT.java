package dev.upkeep.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upkeep.server.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A fresh start creates every file of the collector 0600 and its directories 0700. */
class DataFileModesIT {
  @TempDir Path dir;

  static String mode(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  @Test
  void freshStartCreatesPrivateFilesAndDirectories() throws Exception {
    Path data = dir.resolve("srv/upkeep");
    Path tokenFile = dir.resolve("secrets/master.token");
    try (TestServer server =
        TestServer.start(data, Duration.ofHours(1), b -> b.masterTokenFile(tokenFile))) {
      server.register("nipreps/fmriprep");
      assertThat(
              server.post(
                  "/v1/projects",
                  "application/json",
                  "{\"name\":\"a/b\"}",
                  "Authorization",
                  "Bearer " + server.server.initialMasterToken().orElseThrow()))
          .satisfies(r -> assertThat(r.statusCode()).isEqualTo(201));

      assertThat(mode(dir.resolve("srv"))).isEqualTo("rwx------");
      assertThat(mode(data)).isEqualTo("rwx------");
      assertThat(mode(data.resolve("upkeep.db"))).isEqualTo("rw-------");
      assertThat(data.resolve("upkeep.db-wal")).exists();
      assertThat(mode(data.resolve("upkeep.db-wal"))).isEqualTo("rw-------");
      assertThat(mode(data.resolve("upkeep.db-shm"))).isEqualTo("rw-------");
      assertThat(mode(data.resolve("audit.log"))).isEqualTo("rw-------");
      assertThat(mode(dir.resolve("secrets"))).isEqualTo("rwx------");
      assertThat(mode(tokenFile)).isEqualTo("rw-------");
      try (var files = Files.list(data)) {
        assertThat(files).allSatisfy(f -> assertThat(mode(f)).isEqualTo("rw-------"));
      }
    }
  }

  @Test
  void anExistingWiderModeIsKept() throws Exception {
    Path data = Files.createDirectories(dir.resolve("data"));
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-x---"));
    try (TestServer server = TestServer.start(data, Duration.ofHours(1))) {
      assertThat(mode(data)).isEqualTo("rwxr-x---");
      assertThat(mode(data.resolve("upkeep.db"))).isEqualTo("rw-------");
    }
  }
}
