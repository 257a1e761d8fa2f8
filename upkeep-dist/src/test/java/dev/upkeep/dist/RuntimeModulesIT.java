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
}
