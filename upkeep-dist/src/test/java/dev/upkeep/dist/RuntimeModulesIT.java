package dev.upkeep.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * The linux-x64 image's Java modules (the pom's {@code runtime.modules}) hold every module jdeps
 * finds used in {@code upkeep.jar}: a dependency that starts to use, say, {@code java.scripting}
 * fails here rather than with a NoClassDefFoundError on a user's machine. Also checked where the
 * image is not built: the list is the pom's either way.
 */
class RuntimeModulesIT {
  @Test
  void theImageHasEveryModuleUpkeepUses() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        ToolProvider.findFirst("jdeps")
            .orElseThrow()
            .run(
                new PrintWriter(out),
                new PrintWriter(err),
                "--print-module-deps",
                "--ignore-missing-deps",
                "--multi-release",
                "17",
                "-q",
                System.getProperty("upkeep.jar"));
    assertThat(code).as(err.toString()).isZero();
    List<String> used = Arrays.asList(out.toString().trim().split(","));
    List<String> image = Arrays.asList(System.getProperty("upkeep.runtime-modules").split(","));
    assertThat(used).contains("java.base", "java.sql");
    assertThat(image).containsAll(used);
  }

  /**
   * Every provider the image's {@code conf/security/java.security} lists is in the image: a missing
   * one makes the first TLS context look for it through ServiceLoader in every jar of {@code lib/}
   * (0.3 s of serve's start, measured).
   */
  @Test
  void theImageHasEverySecurityProviderItsConfigurationLists() throws Exception {
    java.nio.file.Path runtime = java.nio.file.Path.of(System.getProperty("upkeep.runtime"));
    org.junit.jupiter.api.Assumptions.assumeTrue(
        java.nio.file.Files.isDirectory(runtime), "the runtime is built on linux-x64 only");
    List<String> listed =
        java.nio.file.Files.readAllLines(runtime.resolve("conf/security/java.security")).stream()
            .filter(l -> l.matches("security\\.provider\\.\\d+=.*"))
            .map(l -> l.substring(l.indexOf('=') + 1).trim().split("\\s+")[0])
            .toList();
    assertThat(listed).contains("SUN", "SunJSSE");
    // the modules jlink put in the image, the named ones and those they require
    String modules =
        java.nio.file.Files.readAllLines(runtime.resolve("release")).stream()
            .filter(l -> l.startsWith("MODULES="))
            .findFirst()
            .orElseThrow();
    List<String> image = Arrays.asList(modules.replaceAll("MODULES=|\"", "").split(" "));
    for (String provider : listed) {
      // the provider's module, as the build's own JDK (which has them all) says
      java.security.Provider loaded = java.security.Security.getProvider(provider);
      assertThat(loaded).as(provider + " in the build's JDK").isNotNull();
      assertThat(image).as(provider).contains(loaded.getClass().getModule().getName());
    }
  }
}
