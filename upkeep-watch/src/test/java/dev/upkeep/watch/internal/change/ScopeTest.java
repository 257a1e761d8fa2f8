package dev.upkeep.watch.internal.change;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScopeTest {
  @TempDir Path dir;

  @Test
  void aFileIsWatchedThroughItsDirectoryAndNeedNotExistYet() {
    Scope scope = Scope.of(dir.resolve("notes.txt"), List.of(), List.of(), null);
    assertThat(scope.directory()).isFalse();
    assertThat(scope.root()).isEqualTo(dir.toAbsolutePath());
    assertThat(scope.covers(dir.resolve("notes.txt"))).isTrue();
    assertThat(scope.covers(dir.resolve(".notes.txt.swp"))).isFalse();
  }

  @Test
  void aFileWhoseDirectoryIsMissingIsRefusedByName() {
    Path missing = dir.resolve("nope/notes.txt");
    assertThatThrownBy(() -> Scope.of(missing, List.of(), List.of(), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "cannot watch "
                + missing
                + ": its directory "
                + dir.resolve("nope")
                + " does not exist; create it first (the file itself may come later)");
  }

  @Test
  void globsAreForDirectories() throws Exception {
    Path file = Files.writeString(dir.resolve("notes.txt"), "x");
    assertThatThrownBy(() -> Scope.of(file, List.of("*.txt"), List.of(), null))
        .hasMessageContaining("is a file; watch its directory instead");
  }

  @Test
  void aGlobWithoutSlashMatchesNamesAtAnyDepthOneWithSlashThePath() {
    Scope scope = Scope.of(dir, List.of("*.md", "src/**.java"), List.of(), null);
    assertThat(scope.covers(dir.resolve("README.md"))).isTrue();
    assertThat(scope.covers(dir.resolve("docs/deep/guide.md"))).isTrue();
    assertThat(scope.covers(dir.resolve("src/main/A.java"))).isTrue();
    assertThat(scope.covers(dir.resolve("test/A.java"))).isFalse();
    assertThat(scope.covers(dir.resolve("notes.txt"))).isFalse();
    assertThat(scope.covers(dir)).isFalse();
    assertThat(scope.covers(dir.resolveSibling("outside.md"))).isFalse();
  }

  @Test
  void excludedDirectoriesAreSkippedWithEverythingUnderThem() {
    Scope scope = Scope.of(dir, List.of(), List.of("target", "*.log", "docs/generated"), null);
    assertThat(scope.skips(dir.resolve("target"))).isTrue();
    assertThat(scope.skips(dir.resolve("module/target"))).isTrue();
    assertThat(scope.skips(dir.resolve("docs/generated"))).isTrue();
    assertThat(scope.skips(dir.resolve("docs"))).isFalse();
    assertThat(scope.skips(dir)).isFalse();
    assertThat(scope.covers(dir.resolve("module/target/classes/A.class"))).isFalse();
    assertThat(scope.covers(dir.resolve("docs/generated/api.html"))).isFalse();
    assertThat(scope.covers(dir.resolve("build.log"))).isFalse();
    assertThat(scope.covers(dir.resolve("docs/index.html"))).isTrue();
  }

  @Test
  void theStateFileAndItsTemporaryFilesAreNeverInScope() {
    Scope scope = Scope.of(dir, List.of(), List.of(), dir.resolve("state"));
    assertThat(scope.covers(dir.resolve("state"))).isFalse();
    assertThat(scope.covers(dir.resolve(".state.12345.tmp"))).isFalse();
    assertThat(scope.covers(dir.resolve("other"))).isTrue();
  }

  @Test
  void listsTheFilesInScope() throws Exception {
    Files.createDirectories(dir.resolve("a/target"));
    Files.writeString(dir.resolve("a/one.txt"), "1");
    Files.writeString(dir.resolve("a/target/two.txt"), "2");
    Files.writeString(dir.resolve("three.log"), "3");
    Scope scope = Scope.of(dir, List.of("*.txt"), List.of("target"), null);
    assertThat(scope.files(dir)).containsExactly(dir.toAbsolutePath().resolve("a/one.txt"));
  }
}
