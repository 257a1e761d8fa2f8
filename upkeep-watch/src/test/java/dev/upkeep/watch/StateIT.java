package dev.upkeep.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each line the script prints is one argument of its next run. */
class StateIT {
  @TempDir Path tmp;

  @ParameterizedTest
  @EnumSource(Detection.class)
  void otumatsCounterDemoCountsOneTwoThree(Detection detection) throws Exception {
    Fixture f = new Fixture(tmp);
    Path notes = Files.writeString(f.dir.resolve("notes.txt"), "0");
    Recorder recorder = new Recorder();
    try (Watcher watcher =
        Fixture.watch(notes, detection, f.counter(), recorder, "0").build().start()) {
      for (int i = 1; i <= 3; i++) {
        Fixture.save(notes, "change " + i);
        recorder.awaitExactly(i);
      }
      assertThat(recorder.runs)
          .extracting(Run::arguments)
          .containsExactly(List.of("0"), List.of("1"), List.of("2"));
      assertThat(recorder.runs)
          .extracting(Run::output)
          .containsExactly(List.of("1"), List.of("2"), List.of("3"));
      assertThat(recorder.runs).extracting(Run::number).containsExactly(1L, 2L, 3L);
      assertThat(watcher.arguments()).containsExactly("3");
      assertThat(watcher.runs()).isEqualTo(3);
    }
  }

  @Test
  void theStateFileKeepsTheCountAcrossRestarts() throws Exception {
    Fixture f = new Fixture(tmp);
    Path notes = Files.writeString(f.dir.resolve("notes.txt"), "0");
    Path state = f.dir.resolve("count.state");
    Recorder first = new Recorder();
    Watch watch =
        Fixture.watch(notes, Detection.NATIVE, f.counter(), first, "0").stateFile(state).build();
    try (Watcher watcher = watch.start()) {
      Fixture.save(notes, "a");
      first.awaitExactly(1);
      Fixture.save(notes, "b");
      first.awaitExactly(2);
      assertThat(watcher.isAlive()).isTrue();
    }
    assertThat(Files.readString(state)).isEqualTo("2\n");

    Recorder second = new Recorder();
    try (Watcher watcher =
        Fixture.watch(notes, Detection.NATIVE, f.counter(), second, "0")
            .stateFile(state)
            .build()
            .start()) {
      assertThat(watcher.arguments()).as("the state file wins over ARGS").containsExactly("2");
      Fixture.save(notes, "c");
      second.awaitExactly(1);
      assertThat(second.runs.get(0).arguments()).containsExactly("2");
    }
    assertThat(Files.readString(state)).isEqualTo("3\n");
  }

  @Test
  void theStateFileInsideAWatchedDirectoryIsNoChange() throws Exception {
    Fixture f = new Fixture(tmp);
    Path watched = Files.createDirectory(f.dir.resolve("watched"));
    Recorder recorder = new Recorder();
    try (Watcher watcher =
        Fixture.watch(watched, Detection.NATIVE, f.counter(), recorder, "0")
            .stateFile(watched.resolve("state"))
            .build()
            .start()) {
      Fixture.save(watched.resolve("input.txt"), "x");
      recorder.awaitExactly(1); // writing the state file after the run triggers nothing
      assertThat(Files.readString(watched.resolve("state"))).isEqualTo("1\n");
      assertThat(watcher.isAlive()).isTrue();
    }
  }

  @Test
  void aFailedRunKeepsTheArgumentsItWasGiven() throws Exception {
    Fixture f = new Fixture(tmp);
    Path notes = Files.writeString(f.dir.resolve("notes.txt"), "0");
    Path script =
        f.script(
            "picky.sh",
            "if grep -q fail '" + notes + "'; then echo oops; exit 3; fi\necho $(($1 + 1))\n");
    Recorder recorder = new Recorder();
    Path state = f.dir.resolve("state");
    try (Watcher watcher =
        Fixture.watch(notes, Detection.NATIVE, script, recorder, "0")
            .stateFile(state)
            .build()
            .start()) {
      Fixture.save(notes, "ok");
      recorder.awaitExactly(1);
      Fixture.save(notes, "fail");
      Run failed = recorder.awaitRun(2);
      assertThat(failed.exitCode()).isEqualTo(3);
      assertThat(failed.succeeded()).isFalse();
      assertThat(failed.output()).containsExactly("oops");
      assertThat(failed.next()).containsExactly("1");
      assertThat(Files.readString(state)).isEqualTo("1\n");
      Fixture.save(notes, "ok again");
      recorder.awaitExactly(3);
      assertThat(recorder.runs.get(2).arguments()).containsExactly("1");
      assertThat(watcher.arguments()).containsExactly("2");
      assertThat(watcher.isAlive()).isTrue();
    }
  }

  @Test
  void aLastLineWithoutLineBreakIsKeptAndEmptyOutputMeansNoArguments() throws Exception {
    Fixture f = new Fixture(tmp);
    Path notes = Files.writeString(f.dir.resolve("notes.txt"), "0");
    // First run (no arguments): prints two lines, the last without a line break.
    // Second run: prints how many arguments it got, then nothing on the third.
    Path script =
        f.script(
            "lines.sh",
            "case $# in\n"
                + "  0) printf 'two words\\nlast' ;;\n"
                + "  2) echo \"$1|$2\" ;;\n"
                + "  *) ;;\n"
                + "esac\n");
    Recorder recorder = new Recorder();
    try (Watcher watcher =
        Fixture.watch(notes, Detection.NATIVE, script, recorder).build().start()) {
      Fixture.save(notes, "1");
      recorder.awaitExactly(1);
      assertThat(recorder.runs.get(0).next()).containsExactly("two words", "last");
      Fixture.save(notes, "2");
      recorder.awaitExactly(2);
      assertThat(recorder.runs.get(1).output()).containsExactly("two words|last");
      Fixture.save(notes, "3");
      recorder.awaitExactly(3);
      assertThat(recorder.runs.get(2).next()).isEmpty();
      assertThat(watcher.isAlive()).isTrue();
    }
  }

  @Test
  void throughTheShellAnInlineScriptGetsTheArgumentsAsPositionalParameters() throws Exception {
    Fixture f = new Fixture(tmp);
    Path notes = Files.writeString(f.dir.resolve("notes.txt"), "0");
    Recorder recorder = new Recorder();
    try (Watcher watcher =
        Watch.builder()
            .path(notes)
            .script("echo $(($1 * 2)); echo \"$2\"")
            .shell(true)
            .arguments(List.of("21", "a b"))
            .listener(recorder)
            .build()
            .start()) {
      Fixture.save(notes, "1");
      recorder.awaitExactly(1);
      assertThat(recorder.runs.get(0).next()).containsExactly("42", "a b");
      assertThat(watcher.isAlive()).isTrue();
    }
  }
}
