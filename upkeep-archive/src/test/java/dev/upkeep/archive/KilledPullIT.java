package dev.upkeep.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pull killed with SIGKILL midway (a child JVM) is never taken for a complete one, and the next
 * pull resumes it: part files continued, files already right kept, everything verified.
 */
class KilledPullIT {
  @TempDir Path tmp;

  @Test
  void aPullKilledMidwayResumesAndVerifies() throws Exception {
    Path tree = tmp.resolve("tree");
    Files.createDirectories(tree.resolve("data"));
    Random random = new Random(11);
    for (int i = 0; i < 8; i++) {
      byte[] b = new byte[3 * 1024 * 1024 + i];
      random.nextBytes(b);
      Files.write(tree.resolve("data/part-" + i + ".bin"), b);
    }
    Path archiveDir = tmp.resolve("archive");
    Releases releases = Releases.on(FileSystemArchive.create(archiveDir));
    ReleaseId id = new ReleaseId(Workspace.DEFAULT, Title.of("killed"), ReleaseVersion.of("2.0.0"));
    ReleaseRecord record = releases.push(tree, id, FileSelection.standard(), null);
    Path into = tmp.resolve("pulled");

    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                SlowPull.class.getName(),
                archiveDir.toString(),
                "killed",
                "2.0.0",
                into.toString())
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("child.log").toFile())
            .start();
    try {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> count(into, ".bin") >= 1 && count(into, Pull.PART) >= 1);
    } finally {
      child.destroyForcibly().waitFor();
    }
    assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(137);
    assertThat(into.resolve(".rme/record.yml")).doesNotExist();
    assertThat(into.resolve(".rme/upkeep-pull.yml")).exists();

    Releases.PullResult resumed = releases.pull(releases.require(id), into);

    assertThat(resumed.cached()).isFalse();
    assertThat(resumed.reused()).isPositive();
    assertThat(RandomTrees.contents(into)).isEqualTo(RandomTrees.contents(tree));
    assertThat(count(into, Pull.PART)).isZero();
    assertThat(into.resolve(".rme/record.yml")).exists();
    assertThat(into.resolve(".rme/upkeep-pull.yml")).doesNotExist();
    assertThat(releases.pull(record, into).cached()).isTrue();
  }

  private static long count(Path dir, String suffix) throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(p -> p.getFileName().toString().endsWith(suffix)).count();
    }
  }
}
