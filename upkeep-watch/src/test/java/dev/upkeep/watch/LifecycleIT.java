package dev.upkeep.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starting, closing, and listeners. */
class LifecycleIT {
  @TempDir Path tmp;

  @Test
  void runAtStartRunsOnceBeforeAnyChange() throws Exception {
    Fixture f = new Fixture(tmp);
    Path notes = Files.writeString(f.dir.resolve("notes.txt"), "0");
    Recorder recorder = new Recorder();
    try (Watcher watcher =
        Fixture.watch(notes, Detection.NATIVE, f.counter(), recorder, "0")
            .runAtStart(true)
            .build()
            .start()) {
      recorder.awaitExactly(1);
      assertThat(recorder.runs.get(0).changed()).isEmpty();
      Fixture.save(notes, "1");
      recorder.awaitExactly(2);
      assertThat(watcher.arguments()).containsExactly("2");
    }
  }

  @Test
  void closeStopsARunningScriptAndEndsTheWatch() throws Exception {
    Fixture f = new Fixture(tmp);
    Path notes = Files.writeString(f.dir.resolve("notes.txt"), "0");
    Path started = f.dir.resolve("started");
    Path script = f.script("long.sh", "touch '" + started + "'\nsleep 60\necho done\n");
    Recorder recorder = new Recorder();
    Watcher watcher =
        Fixture.watch(notes, Detection.NATIVE, script, recorder, "kept").build().start();
    Fixture.save(notes, "1");
    Fixture.awaitFile(started);
    long t0 = System.nanoTime();
    watcher.close();
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
    assertThat(watcher.isAlive()).isFalse();
    Stop stop = watcher.await();
    assertThat(stop.cause()).isEqualTo(Stop.Cause.CLOSED);
    assertThat(stop.message()).isEqualTo("stopped watching " + notes + " as asked");
    assertThat(recorder.awaitRun(1).succeeded()).isFalse();
    assertThat(watcher.arguments()).containsExactly("kept");
    watcher.close(); // idempotent
  }

  @Test
  void aListenerThatThrowsDoesNotEndTheWatch() throws Exception {
    Fixture f = new Fixture(tmp);
    Path notes = Files.writeString(f.dir.resolve("notes.txt"), "0");
    Recorder recorder = new Recorder();
    WatchListener throwing =
        new WatchListener() {
          @Override
          public void onRun(Run run) {
            recorder.onRun(run);
            throw new IllegalStateException("listener bug");
          }
        };
    try (Watcher watcher =
        Watch.builder()
            .path(notes)
            .script(f.counter().toString())
            .listener(throwing)
            .build()
            .start()) {
      Fixture.save(notes, "1");
      recorder.awaitExactly(1);
      Fixture.save(notes, "2");
      recorder.awaitExactly(2);
      assertThat(watcher.isAlive()).isTrue();
    }
  }
}
