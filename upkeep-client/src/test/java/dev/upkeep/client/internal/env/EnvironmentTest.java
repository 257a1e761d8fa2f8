package dev.upkeep.client.internal.env;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EnvironmentTest {
  @TempDir Path root;

  private static Function<String, String> props(String... keyValues) {
    Map<String, String> map = new HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      map.put(keyValues[i], keyValues[i + 1]);
    }
    return map::get;
  }

  private static final Function<String, String> LINUX =
      props(
          "java.version", "17.0.2",
          "java.vendor", "Eclipse Adoptium",
          "os.name", "Linux",
          "os.arch", "amd64");

  private void touch(String relative) throws IOException {
    Path p = root.resolve(relative);
    Files.createDirectories(p.getParent());
    Files.createFile(p);
  }

  @Test
  void readsJavaOsAndArch() {
    Environment env = Environment.detect(Collections.emptyMap(), LINUX, root);

    assertThat(env.javaVersion()).isEqualTo("17.0.2");
    assertThat(env.javaVendor()).isEqualTo("Eclipse Adoptium");
    assertThat(env.os()).isEqualTo("linux");
    assertThat(env.platform()).isEqualTo("linux");
    assertThat(env.arch()).isEqualTo("x86_64");
    assertThat(env.container()).isEqualTo("unknown");
    assertThat(env.migasContainer()).isEqualTo("unknown");
    assertThat(env.ci().isCi()).isFalse();
  }

  @ParameterizedTest
  @CsvSource({
    "Linux, linux",
    "Mac OS X, darwin",
    "macOS, darwin",
    "Darwin, darwin",
    "Windows 10, windows",
    "Windows Server 2022, windows",
    "FreeBSD, freebsd",
    "SunOS, sunos",
    "OpenBSD, openbsd",
  })
  void normalisesOsFamily(String osName, String family) {
    assertThat(Environment.osFamily(osName)).isEqualTo(family);
  }

  @ParameterizedTest
  @CsvSource({"amd64, x86_64", "x86_64, x86_64", "aarch64, aarch64", "ppc64le, ppc64le"})
  void normalisesArch(String osArch, String arch) {
    Environment env =
        Environment.detect(
            Collections.emptyMap(), props("os.name", "Linux", "os.arch", osArch), root);

    assertThat(env.arch()).isEqualTo(arch);
  }

  @Test
  void missingPropertiesAreUnknown() {
    Environment env = Environment.detect(Collections.emptyMap(), name -> null, root);

    assertThat(env.javaVersion()).isEqualTo("unknown");
    assertThat(env.javaVendor()).isEqualTo("unknown");
    assertThat(env.os()).isEqualTo("unknown");
    assertThat(env.arch()).isEqualTo("unknown");
  }

  @Test
  void neverThrowsOnFailingOrNullSources() {
    Function<String, String> throwing =
        name -> {
          throw new SecurityException("no " + name);
        };

    Environment env = Environment.detect(null, throwing, null);

    assertThat(env.os()).isEqualTo("unknown");
    assertThat(env.container()).isEqualTo("unknown");
    assertThat(env.ci().isCi()).isFalse();
    assertThat(Environment.detect(null, null, null).javaVersion()).isEqualTo("unknown");
  }

  @Test
  void dockerenvMeansDocker() throws IOException {
    touch(".dockerenv");

    Environment env = Environment.detect(Collections.emptyMap(), LINUX, root);

    assertThat(env.container()).isEqualTo("docker");
    assertThat(env.migasContainer()).isEqualTo("docker");
  }

  @Test
  void containerenvMeansPodmanAndMigasDocker() throws IOException {
    touch("run/.containerenv");
    touch(".dockerenv");

    Environment env = Environment.detect(Collections.emptyMap(), LINUX, root);

    assertThat(env.container()).isEqualTo("podman");
    assertThat(env.migasContainer()).isEqualTo("docker");
  }

  @Test
  void singularityFileMeansApptainerBeforeOthers() throws IOException {
    touch("singularity");
    touch("run/.containerenv");
    touch(".dockerenv");

    Environment env =
        Environment.detect(Map.of("KUBERNETES_SERVICE_HOST", "10.0.0.1"), LINUX, root);

    assertThat(env.container()).isEqualTo("apptainer");
    assertThat(env.migasContainer()).isEqualTo("apptainer");
  }

  @Test
  void apptainerVariablesMeanApptainer() {
    assertThat(
            Environment.detect(Map.of("APPTAINER_CONTAINER", "/img.sif"), LINUX, root).container())
        .isEqualTo("apptainer");
    assertThat(
            Environment.detect(Map.of("SINGULARITY_CONTAINER", "/img.sif"), LINUX, root)
                .container())
        .isEqualTo("apptainer");
  }

  @Test
  void kubernetesOnlyWithoutRuntimeMarker() throws IOException {
    Map<String, String> k8s = Map.of("KUBERNETES_SERVICE_HOST", "10.0.0.1");

    Environment pod = Environment.detect(k8s, LINUX, root);
    assertThat(pod.container()).isEqualTo("kubernetes");
    assertThat(pod.migasContainer()).isEqualTo("unknown");

    touch(".dockerenv");
    assertThat(Environment.detect(k8s, LINUX, root).container()).isEqualTo("docker");
  }

  @Test
  void detectsCi() {
    Environment env = Environment.detect(Map.of("GITHUB_ACTIONS", "true"), LINUX, root);

    assertThat(env.ci().isCi()).isTrue();
    assertThat(env.ci().vendor()).isEqualTo("GitHub Actions");
  }

  @Test
  void toStringIsOneLine() throws IOException {
    touch(".dockerenv");

    Environment env = Environment.detect(Map.of("GITLAB_CI", "true"), LINUX, root);

    assertThat(env)
        .hasToString(
            "java 17.0.2 (Eclipse Adoptium), linux/x86_64, container docker, ci GitLab CI");
  }

  @Test
  void currentNeverThrows() {
    Environment env = Environment.current();

    assertThat(env.javaVersion()).isEqualTo(System.getProperty("java.version"));
    assertThat(env.toString()).doesNotContain("\n");
  }
}
