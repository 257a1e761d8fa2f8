package dev.upkeep.watch.internal.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateFileTest {
  @TempDir Path dir;

  @Test
  void aMissingFileHoldsNothingYet() {
    assertThat(new StateFile(dir.resolve("state")).read()).isEmpty();
  }

  @Test
  void writesOneArgumentPerLineAndReadsThemBack() throws Exception {
    StateFile state = new StateFile(dir.resolve("state"));
    state.write(List.of("3", "", "two words"));
    assertThat(Files.readString(dir.resolve("state"))).isEqualTo("3\n\ntwo words\n");
    assertThat(state.read()).contains(List.of("3", "", "two words"));
    state.write(List.of());
    assertThat(state.read()).contains(List.of());
  }

  @Test
  void replacesTheFileByRenameLeavingNoTemporaryFile() throws Exception {
    StateFile state = new StateFile(dir.resolve("state"));
    state.write(List.of("1"));
    Object inode = Files.getAttribute(dir.resolve("state"), "unix:ino");
    state.write(List.of("2"));
    assertThat(Files.getAttribute(dir.resolve("state"), "unix:ino")).isNotEqualTo(inode);
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("state");
    }
  }

  @Test
  void aFileWithALastLineWithoutLineBreakKeepsIt() throws Exception {
    Files.writeString(dir.resolve("state"), "a\nb");
    assertThat(new StateFile(dir.resolve("state")).read()).contains(List.of("a", "b"));
  }

  @Test
  void aFileThatIsNotUtf8IsRefusedByName() throws Exception {
    Path file = Files.write(dir.resolve("state"), new byte[] {'a', (byte) 0xff});
    assertThatThrownBy(() -> new StateFile(file).read())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "state file " + file + " is not UTF-8 text; fix it or delete it to start from ARGS");
  }

  @Test
  void argumentsWithLineBreaksCannotBeKept() {
    StateFile.requireKeepable(List.of("a", "b c"));
    assertThatThrownBy(() -> StateFile.requireKeepable(List.of("a", "b\nc")))
        .hasMessage(
            "argument 2 contains a line break, which a state file (one argument per line) cannot"
                + " keep; leave out the state file or the line break");
  }
}
