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

  /** The module of each security provider a JDK 17 java.security may list. */
  private static final java.util.Map<String, String> PROVIDERS =
      java.util.Map.ofEntries(
          java.util.Map.entry("SUN", "java.base"),
          java.util.Map.entry("SunRsaSign", "java.base"),
          java.util.Map.entry("SunJSSE", "java.base"),
          java.util.Map.entry("SunJCE", "java.base"),
          java.util.Map.entry("SunEC", "jdk.crypto.ec"),
          java.util.Map.entry("SunJGSS", "java.security.jgss"),
          java.util.Map.entry("SunSASL", "java.security.sasl"),
          java.util.Map.entry("XMLDSig", "java.xml.crypto"),
          java.util.Map.entry("SunPCSC", "java.smartcardio"),
          java.util.Map.entry("JdkLDAP", "java.naming"),
          java.util.Map.entry("JdkSASL", "jdk.security.jgss"),
          java.util.Map.entry("SunPKCS11", "jdk.crypto.cryptoki"));

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
    assertThat(PROVIDERS)
        .as("a provider this test does not know yet")
        .containsKeys(listed.toArray(String[]::new));
    // the modules jlink put in the image, the named ones and those they require
    String modules =
        java.nio.file.Files.readAllLines(runtime.resolve("release")).stream()
            .filter(l -> l.startsWith("MODULES="))
            .findFirst()
            .orElseThrow();
    List<String> image = Arrays.asList(modules.replaceAll("MODULES=|\"", "").split(" "));
    for (String provider : listed) {
      assertThat(image).as(provider).contains(PROVIDERS.get(provider));
    }
  }
}
