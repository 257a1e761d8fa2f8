package dev.upkeep.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code upkeep-VERSION-linux-x64.tar.gz} on a machine without Java: JAVA_HOME unset and a PATH
 * that holds only what {@code bin/upkeep} itself needs ({@code sh}, {@code ls}, {@code dirname}),
 * so no {@code java}. It must run on the runtime it carries.
 */
class RuntimeImageIT {
  @TempDir static Path root;
  static Installation image;

  @BeforeAll
  static void unpackWithoutJava() throws Exception {
    assumeTrue(
        Files.exists(Path.of(System.getProperty("upkeep.runtime-image"))),
        "the linux-x64 image is built only on linux-x64 with the JDK's jmods (profile linux-x64)");
    Path bin = Files.createDirectories(root.resolve("path"));
    for (String tool : new String[] {"sh", "ls", "dirname"}) {
      Files.copy(
          Path.of("/bin", tool).toRealPath(),
          bin.resolve(tool),
          java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
    }
    image =
        Installation.unpack(
                Path.of(System.getProperty("upkeep.runtime-image")),
                Files.createDirectories(root.resolve("image")))
            .withEnvironment(Map.of("PATH", bin.toString(), "HOME", root.toString()));
  }

  @Test
  void runsOnItsOwnRuntime() throws Exception {
    Installation.Result version = image.run("--version");
    assertThat(version.code()).as(version.err()).isZero();
    assertThat(version.out()).startsWith("upkeep " + System.getProperty("upkeep.version") + " (");

    Installation.Result home =
        image
            .withEnvironment(
                Map.of(
                    "PATH",
                    root.resolve("path").toString(),
                    "JAVA_OPTS",
                    "-XshowSettings:properties"))
            .run("--version");
    assertThat(home.err()).contains("java.home = " + image.home.resolve("runtime").toRealPath());
  }

  @Test
  void servesStoresABreadcrumbAndHashes() throws Exception {
    Path data = root.resolve("data");
    try (Installation.Server server = image.serve(data)) {
      String token = Files.readString(data.resolve("master")).trim();
      Collector.answersAndStoresABreadcrumb(server.url(), token, image::run);
    }
    Path launcher = image.home.resolve("bin/upkeep");
    Installation.Result hash = image.run("hash", "--flavour", "sha256", launcher.toString());
    assertThat(hash.code()).as(hash.err()).isZero();
    assertThat(hash.out().trim())
        .isEqualTo(
            java.util.HexFormat.of()
                .formatHex(
                    java.security.MessageDigest.getInstance("SHA-256")
                        .digest(Files.readAllBytes(launcher))));
  }
}
