package dev.upkeep.watch.internal.change;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentsTest {
  @TempDir Path dir;
  Path file;
  Contents contents;

  @BeforeEach
  void watchOneFile() throws Exception {
    dir = dir.toAbsolutePath();
    file = Files.writeString(dir.resolve("notes.txt"), "one");
    contents = new Contents(Scope.of(file, List.of(), List.of(), null));
    contents.baseline();
  }

  @Test
  void newContentIsAChange() throws Exception {
    Files.writeString(file, "two");
    assertThat(contents.checkAll()).containsExactly(file);
    assertThat(contents.checkAll()).isEmpty();
  }

  @Test
  void sameSizeNewContentIsAChangeEvenWithTheOldTime() throws Exception {
    FileTime before = Files.getLastModifiedTime(file);
    Files.writeString(file, "owe");
    Files.setLastModifiedTime(file, before);
    // size, time and inode as before: the status change time (ctime) gives the write away
    assertThat(contents.check(List.of(file))).containsExactly(file);
  }

  @Test
  void touchingOrRewritingTheSameBytesIsNoChange() throws Exception {
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(60)));
    assertThat(contents.checkAll()).isEmpty();
    Files.writeString(file, "one");
    assertThat(contents.checkAll()).isEmpty();
  }

  @Test
  void replaceByRenameIsAChangeWhenTheBytesDiffer() throws Exception {
    Path temp = Files.writeString(dir.resolve(".notes.txt.tmp"), "two");
    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    assertThat(contents.check(List.of(file))).containsExactly(file);
    temp = Files.writeString(dir.resolve(".notes.txt.tmp"), "two");
    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    assertThat(contents.check(List.of(file))).isEmpty();
  }

  @Test
  void aDeletedFileIsNoChangeItsReturnWithNewContentIs() throws Exception {
    Files.delete(file);
    assertThat(contents.checkAll()).isEmpty();
    assertThat(contents.takeVanished()).isTrue();
    assertThat(contents.takeVanished()).isFalse();
    Files.writeString(file, "one");
    assertThat(contents.checkAll()).as("back with the same bytes").isEmpty();
    Files.delete(file);
    Files.writeString(file, "two");
    assertThat(contents.checkAll()).containsExactly(file);
  }

  @Test
  void aFileThatDidNotExistChangesWhenCreated() throws Exception {
    Contents later = new Contents(Scope.of(dir.resolve("later.txt"), List.of(), List.of(), null));
    later.baseline();
    assertThat(later.checkAll()).isEmpty();
    Files.writeString(dir.resolve("later.txt"), "");
    assertThat(later.checkAll()).containsExactly(dir.resolve("later.txt"));
  }

  @Test
  void underADirectoryFilesAddedAndDeletedAreChanges() throws Exception {
    Files.createDirectories(dir.resolve("sub"));
    Contents tree = new Contents(Scope.of(dir, List.of("*.txt"), List.of(), null));
    tree.baseline();
    assertThat(tree.size()).isEqualTo(1);
    Path added = Files.writeString(dir.resolve("sub/new.txt"), "n");
    Files.writeString(dir.resolve("sub/ignored.log"), "n");
    assertThat(tree.check(List.of(dir.resolve("sub")))).containsExactly(added);
    Files.delete(file);
    assertThat(tree.check(List.of(file))).containsExactly(file);
    deleteTree(dir.resolve("sub"));
    assertThat(tree.check(List.of(dir.resolve("sub")))).containsExactly(added);
    assertThat(tree.size()).isZero();
  }

  static void deleteTree(Path root) throws Exception {
    try (var walk = Files.walk(root)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
