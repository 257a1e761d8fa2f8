package dev.upkeep.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What counts as a change of a watched file, with native events and with polling. */
class ChangeDetectionIT {
  @TempDir Path tmp;

  @ParameterizedTest
  @EnumSource(Detection.class)
  void anEditorStyleAtomicSaveTriggersExactlyOneRun(Detection detection) throws Exception {
    Fixture f = new Fixture(tmp);
    Path notes = Files.writeString(f.dir.resolve("notes.txt"), "first draft\n");
    Recorder recorder = new Recorder();
    try (Watcher watcher = Fixture.watch(notes, detection, f.counter(), recorder).build().start()) {
      assertThat(watcher.detection()).isEqualTo(detection);
      recorder.awaitExactly(0); // starting is no change: otumat runs on change only
      Fixture.save(notes, "second draft\n");
      recorder.awaitExactly(1);
      Run run = recorder.runs.get(0);
      assertThat(run.changed()).containsExactly(notes);
      assertThat(run.succeeded()).isTrue();
      assertThat(run.next()).containsExactly("1");
    }
  }

  @ParameterizedTest
  @EnumSource(Detection.class)
  void touchingOrRewritingTheSameBytesRunsNothing(Detection detection) throws Exception {
    Fixture f = new Fixture(tmp);
    Path notes = Files.writeString(f.dir.resolve("notes.txt"), "same\n");
    Recorder recorder = new Recorder();
    try (Watcher watcher = Fixture.watch(notes, detection, f.counter(), recorder).build().start()) {
      Files.setLastModifiedTime(notes, FileTime.from(Instant.now().plusSeconds(30)));
      Files.writeString(notes, "same\n");
      Fixture.save(notes, "same\n");
      recorder.awaitExactly(0);
      Fixture.save(notes, "different\n");
      recorder.awaitExactly(1);
      assertThat(watcher.isAlive()).isTrue();
    }
  }

  @ParameterizedTest
  @EnumSource(Detection.class)
  void aDeletedAndRecreatedFileKeepsBeingWatched(Detection detection) throws Exception {
    Fixture f = new Fixture(tmp);
    Path notes = Files.writeString(f.dir.resolve("notes.txt"), "v1\n");
    Recorder recorder = new Recorder();
    try (Watcher watcher = Fixture.watch(notes, detection, f.counter(), recorder).build().start()) {
      Files.delete(notes);
      recorder.awaitExactly(0);
      assertThat(recorder.notices)
          .containsExactly(
              "INFO "
                  + notes
                  + " was deleted; still watching it: the script runs when it comes back changed");
      Files.writeString(notes, "v2\n");
      recorder.awaitExactly(1);

      Files.delete(notes);
      Fixture.save(notes, "v3\n");
      recorder.awaitExactly(2);
      assertThat(recorder.runs.get(1).arguments()).containsExactly("1");
      assertThat(watcher.arguments()).containsExactly("2");
      assertThat(watcher.isAlive()).isTrue();
    }
  }

  @ParameterizedTest
  @EnumSource(Detection.class)
  void aFileThatDoesNotExistYetRunsTheScriptWhenCreated(Detection detection) throws Exception {
    Fixture f = new Fixture(tmp);
    Path later = f.dir.resolve("later.txt");
    Recorder recorder = new Recorder();
    try (Watcher watcher = Fixture.watch(later, detection, f.counter(), recorder).build().start()) {
      Files.writeString(f.dir.resolve("unrelated.txt"), "x");
      recorder.awaitExactly(0);
      Fixture.save(later, "here\n");
      recorder.awaitExactly(1);
      assertThat(watcher.isAlive()).isTrue();
    }
  }
}
