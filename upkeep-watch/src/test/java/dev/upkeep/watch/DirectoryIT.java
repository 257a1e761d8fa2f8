package dev.upkeep.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A directory is watched with everything under it, filtered by globs. */
class DirectoryIT {
  @TempDir Path tmp;

  @ParameterizedTest
  @EnumSource(Detection.class)
  void filesUnderTheDirectoryMatchingTheGlobsAreWatchedRecursively(Detection detection)
      throws Exception {
    Fixture f = new Fixture(tmp);
    Path docs = Files.createDirectories(f.dir.resolve("docs"));
    Path guide = Files.writeString(docs.resolve("guide.md"), "# Guide\n");
    Files.createDirectories(docs.resolve("build"));
    Recorder recorder = new Recorder();
    try (Watcher watcher =
        Fixture.watch(docs, detection, f.counter(), recorder, "0")
            .include("*.md")
            .exclude("build")
            .build()
            .start()) {
      Fixture.save(guide, "# Guide, v2\n");
      recorder.awaitExactly(1);
      assertThat(recorder.runs.get(0).changed()).containsExactly(guide);

      Files.writeString(docs.resolve("notes.txt"), "not markdown");
      Files.writeString(docs.resolve("build/out.md"), "excluded directory");
      recorder.awaitExactly(1);

      Path deep = Files.createDirectories(docs.resolve("a/b"));
      Path added = Files.writeString(deep.resolve("new.md"), "new page\n");
      recorder.awaitExactly(2);
      assertThat(recorder.runs.get(1).changed()).containsExactly(added);

      Fixture.save(added, "new page, edited\n");
      recorder.awaitExactly(3);

      Files.delete(guide);
      recorder.awaitExactly(4);
      assertThat(recorder.runs.get(3).changed()).containsExactly(guide);
      assertThat(watcher.arguments()).containsExactly("4");
    }
  }
}
