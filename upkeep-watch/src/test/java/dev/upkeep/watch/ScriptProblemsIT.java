package dev.upkeep.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A script that is missing, not executable or failing is reported clearly. */
class ScriptProblemsIT {
  @TempDir Path tmp;

  @Test
  void aMissingScriptIsAClearErrorAtStart() throws Exception {
    Fixture f = new Fixture(tmp);
    Path notes = Files.writeString(f.dir.resolve("notes.txt"), "0");
    Path missing = f.dir.resolve("missing.sh");
    Watch watch = Fixture.watch(notes, Detection.NATIVE, missing, new Recorder()).build();
    assertThatThrownBy(watch::start)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "script " + missing + " does not exist (looked for " + missing + "); check the path");
  }

  @Test
  void aNonExecutableScriptSaysWhatToDo() throws Exception {
    Fixture f = new Fixture(tmp);
    Path notes = Files.writeString(f.dir.resolve("notes.txt"), "0");
    Path plain = f.counter();
    Files.setPosixFilePermissions(plain, PosixFilePermissions.fromString("rw-r--r--"));
    Recorder recorder = new Recorder();
    Watch.Builder builder = Fixture.watch(notes, Detection.NATIVE, plain, recorder, "0");
    assertThatThrownBy(() -> builder.build().start())
        .hasMessageContaining("is not executable; make it executable (chmod +x " + plain + ")")
        .hasMessageContaining("or run it through the shell");
    try (Watcher watcher = builder.shell(true).build().start()) {
      Fixture.save(notes, "1");
      assertThat(recorder.awaitRun(1).next()).containsExactly("1");
      assertThat(watcher.isAlive()).isTrue();
    }
  }

  @Test
  void aScriptDeletedAfterStartFailsThatRunAndTheWatchGoesOn() throws Exception {
    Fixture f = new Fixture(tmp);
    Path notes = Files.writeString(f.dir.resolve("notes.txt"), "0");
    Path script = f.counter();
    Recorder recorder = new Recorder();
    try (Watcher watcher =
        Fixture.watch(notes, Detection.NATIVE, script, recorder, "5").build().start()) {
      Files.delete(script);
      Fixture.save(notes, "1");
      Run run = recorder.awaitRun(1);
      assertThat(run.exitCode()).isEqualTo(-1);
      assertThat(run.error()).get().asString().startsWith("cannot start " + script + ": ");
      assertThat(run.next()).containsExactly("5");
      f.counter();
      Fixture.save(notes, "2");
      assertThat(recorder.awaitRun(2).next()).containsExactly("6");
      assertThat(watcher.isAlive()).isTrue();
    }
  }

  @Test
  void stopOnErrorEndsTheWatchAfterAFailedRun() throws Exception {
    Fixture f = new Fixture(tmp);
    Path notes = Files.writeString(f.dir.resolve("notes.txt"), "0");
    Path script = f.script("fail.sh", "echo 'bad input' >&2\nexit 4\n");
    Recorder recorder = new Recorder();
    Watcher watcher =
        Fixture.watch(notes, Detection.NATIVE, script, recorder).stopOnError(true).build().start();
    Fixture.save(notes, "1");
    Optional<Stop> stop = watcher.await(Duration.ofSeconds(15));
    assertThat(stop).isPresent();
    assertThat(stop.get().cause()).isEqualTo(Stop.Cause.SCRIPT_FAILED);
    assertThat(stop.get().message())
        .isEqualTo("the script exited with 4 on run 1; stopped on error as asked");
    assertThat(stop.get().run()).get().extracting(Run::exitCode).isEqualTo(4);
    assertThat(watcher.isAlive()).isFalse();
    watcher.close();
  }
}
