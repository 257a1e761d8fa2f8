package dev.upkeep.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Changes that arrive while the script runs lead to one more run, not one per change. */
class CoalescingIT {
  @TempDir Path tmp;

  @ParameterizedTest
  @EnumSource(Detection.class)
  void aHundredWritesWhileTheScriptRunsLeadToExactlyOneMoreRun(Detection detection)
      throws Exception {
    Fixture f = new Fixture(tmp);
    Path data = Files.writeString(f.dir.resolve("data.txt"), "initial");
    Path work = Files.createDirectory(f.dir.resolve("work"));
    // Each run says it started, waits for the gate, then keeps what it saw of data.txt.
    Path script =
        f.script(
            "slow.sh",
            "n=$(($1 + 1))\n"
                + "touch '"
                + work
                + "/started-'$n\n"
                + "while [ ! -f '"
                + work
                + "/gate' ]; do sleep 0.01; done\n"
                + "cp '"
                + data
                + "' '"
                + work
                + "/seen-'$n\n"
                + "echo $n\n");
    Recorder recorder = new Recorder();
    try (Watcher watcher = Fixture.watch(data, detection, script, recorder, "0").build().start()) {
      Fixture.save(data, "write 0");
      Fixture.awaitFile(work.resolve("started-1"));
      for (int i = 1; i <= 100; i++) {
        Files.writeString(data, "write " + i); // in place: truncate, then write
      }
      Files.createFile(work.resolve("gate"));

      recorder.awaitExactly(2);
      assertThat(recorder.runs.get(0).next()).containsExactly("1");
      assertThat(recorder.runs.get(1).arguments()).containsExactly("1");
      assertThat(recorder.runs.get(1).changed()).containsExactly(data);
      assertThat(Files.readString(work.resolve("seen-2"))).isEqualTo("write 100");
      assertThat(watcher.arguments()).containsExactly("2");
    }
  }
}
