package dev.upkeep.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What goes wrong on disk and in records, and what Upkeep does about it. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FaultTest {
  static final ReleaseId ID =
      new ReleaseId(Workspace.DEFAULT, Title.of("faults"), ReleaseVersion.of("1.0.0"));

  @TempDir Path tmp;

  Releases releases() throws IOException {
    return Releases.on(FileSystemArchive.create(tmp.resolve("archive")));
  }

  Path tree() throws IOException {
    Path tree = tmp.resolve("tree");
    Files.createDirectories(tree.resolve("data"));
    Files.writeString(tree.resolve("data/a.txt"), "alpha\r\n");
    Files.writeString(tree.resolve("data/b.txt"), "bravo\n");
    Files.writeString(tree.resolve("README"), "read me\n");
    return tree;
  }

  @Test
  void aBlobChangedOnDiskIsNamedByVerifyAndPull() throws IOException {
    Releases releases = releases();
    ReleaseRecord record = releases.push(tree(), ID, FileSelection.standard(), null);
    BlobId b =
        record.files().stream()
            .filter(f -> f.path().equals("data/b.txt"))
            .findFirst()
            .orElseThrow()
            .blob();
    Path blob =
        tmp.resolve("archive/Global Public Workspace/faults/blobs")
            .resolve(b.hex().substring(0, 2))
            .resolve(b.hex());
    Files.writeString(blob, "brav0\n");

    assertThatThrownBy(() -> releases.verify(record, null))
        .isInstanceOf(ArchiveException.class)
        .hasMessageContaining("data/b.txt (" + b.abbreviated() + "): blob's bytes changed");
    assertThatThrownBy(() -> releases.pull(record, tmp.resolve("pulled")))
        .isInstanceOf(ArchiveException.class)
        .hasMessageContaining("blob data/b.txt (" + b.abbreviated() + ") in archive")
        .hasMessageContaining("is corrupt");
    assertThat(tmp.resolve("pulled/data/b.txt")).doesNotExist();
    assertThat(tmp.resolve("pulled/data/b.txt" + Pull.PART)).doesNotExist();
    assertThat(tmp.resolve("pulled/data/a.txt")).hasContent("alpha\r\n");
    assertThat(tmp.resolve("pulled/.rme/record.yml")).doesNotExist();
  }

  @Test
  void aRecordLeavingTheReleaseIsRefusedBeforeAnythingIsWritten() throws IOException {
    Releases releases = releases();
    releases.push(tree(), ID, FileSelection.standard(), null);
    Path record = tmp.resolve("archive/Global Public Workspace/faults/faults-v1.0.0.yml");
    String good = Files.readString(record);
    for (String[] bad :
        List.of(
            new String[] {"/path/: data/a.txt", "/path/: ../../escaped.txt", "'..' segment"},
            new String[] {"/path/: data/a.txt", "/path/: /tmp/escaped.txt", "is absolute"},
            new String[] {
              "/bpid/: " + good.split("/bpid/: ")[1].substring(0, 64),
              "/bpid/: abc123",
              "64 lowercase hex"
            })) {
      Files.writeString(record, good.replaceFirst(java.util.regex.Pattern.quote(bad[0]), bad[1]));
      Path into = tmp.resolve("never");

      assertThatThrownBy(() -> releases.pull(releases.require(ID), into))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(record.toString())
          .hasMessageContaining(bad[2]);
      assertThat(into).doesNotExist();
    }
  }

  @Test
  void ofTwoConcurrentPushesOfOneVersionExactlyOneWins() throws Exception {
    Path tree = tree();
    for (int round = 0; round < 10; round++) {
      Releases releases = Releases.on(FileSystemArchive.create(tmp.resolve("archive-" + round)));
      CountDownLatch go = new CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(2);
      List<Future<ReleaseRecord>> pushes = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        pushes.add(
            pool.submit(
                (Callable<ReleaseRecord>)
                    () -> {
                      go.await();
                      return releases.push(tree, ID, FileSelection.standard(), null);
                    }));
      }
      go.countDown();
      int won = 0;
      int lost = 0;
      for (Future<ReleaseRecord> f : pushes) {
        try {
          f.get();
          won++;
        } catch (java.util.concurrent.ExecutionException e) {
          assertThat(e.getCause())
              .isInstanceOf(ReleaseExistsException.class)
              .hasMessageContaining("release faults 1.0.0 is already in");
          lost++;
        }
      }
      pool.shutdown();
      assertThat(won).isEqualTo(1);
      assertThat(lost).isEqualTo(1);
      assertThat(releases.verify(releases.require(ID), null)).contains("3 files verified");
    }
  }

  @Test
  void aDanglingLinkIsNamedNotHungOn() throws IOException {
    Path tree = tree();
    Files.createSymbolicLink(tree.resolve("data/gone"), tree.resolve("nowhere"));

    assertThatThrownBy(() -> releases().push(tree, ID, FileSelection.standard(), null))
        .hasMessageContaining("data/gone: dangling symbolic link to " + tree.resolve("nowhere"));
    assertThat(tmp.resolve("archive/Global Public Workspace/faults")).doesNotExist();
  }

  @Test
  void aPipeIsNamedNotHungOn() throws Exception {
    Path tree = tree();
    Process mkfifo = new ProcessBuilder("mkfifo", tree.resolve("data/pipe").toString()).start();
    assertThat(mkfifo.waitFor()).isZero();

    assertThatThrownBy(() -> releases().push(tree, ID, FileSelection.standard(), null))
        .hasMessageContaining("data/pipe: not a regular file");
  }

  @Test
  void anUnreadableFileIsNamed() throws IOException {
    assumeFalse("root".equals(System.getProperty("user.name")), "root reads any file");
    Path tree = tree();
    Files.setPosixFilePermissions(
        tree.resolve("data/a.txt"), PosixFilePermissions.fromString("---------"));

    assertThatThrownBy(() -> releases().push(tree, ID, FileSelection.standard(), null))
        .hasMessageContaining("data/a.txt: cannot read it");
  }

  /** As root (CI), permissions do not stop reads; a link to /proc/self/mem fails on read (EIO). */
  @Test
  void aFileThatFailsOnReadIsNamed() throws IOException {
    Path mem = Path.of("/proc/self/mem");
    assumeTrue(Files.isRegularFile(mem), "needs Linux's /proc");
    Path tree = tree();
    Files.createSymbolicLink(tree.resolve("data/mem"), mem);

    assertThatThrownBy(() -> releases().push(tree, ID, FileSelection.standard(), null))
        .hasMessageContaining("data/mem: cannot read it");
    assertThat(tmp.resolve("archive/Global Public Workspace/faults")).doesNotExist();
  }

  @Test
  void aLinkLoopIsNamed() throws IOException {
    Path tree = tree();
    Files.createSymbolicLink(tree.resolve("data/loop"), tree.resolve("data"));

    assertThatThrownBy(() -> releases().push(tree, ID, FileSelection.standard(), null))
        .hasMessageContaining("data/loop: symbolic link loop");
  }

  @Test
  void aTreeWithNoFilesPublishes() throws IOException {
    Path tree = tmp.resolve("empty");
    Files.createDirectories(tree.resolve("only/dirs"));
    Releases releases = releases();

    ReleaseRecord record = releases.push(tree, ID, FileSelection.standard(), null);
    releases.pull(releases.require(ID), tmp.resolve("pulled"));

    assertThat(record.files()).isEmpty();
    assertThat(record.directories()).containsExactly("only", "only/dirs");
    assertThat(tmp.resolve("pulled/only/dirs")).isEmptyDirectory();
    assertThat(tmp.resolve("pulled/.rme/record.yml")).exists();
  }

  @Test
  void aPartFileIsResumedAndAWrongFileReplaced() throws IOException {
    Releases releases = releases();
    Path tree = tree();
    byte[] big = new byte[300_000];
    new java.util.Random(3).nextBytes(big);
    Files.write(tree.resolve("data/big.bin"), big);
    ReleaseRecord record = releases.push(tree, ID, FileSelection.standard(), null);
    Path into = tmp.resolve("pulled");
    Files.createDirectories(into.resolve(".rme"));
    Files.writeString(
        into.resolve(".rme/upkeep-pull.yml"),
        "release: faults-v1.0.0\nworkspace: Global Public Workspace\n");
    Files.createDirectories(into.resolve("data"));
    Files.write(into.resolve("data/big.bin" + Pull.PART), java.util.Arrays.copyOf(big, 100_000));
    Files.writeString(into.resolve("data/a.txt"), "not alpha");
    Files.writeString(into.resolve("README"), "read me\n");

    Releases.PullResult result = releases.pull(record, into);

    assertThat(RandomTrees.contents(into)).isEqualTo(RandomTrees.contents(tree));
    assertThat(result.reused()).isEqualTo(1);
    assertThat(result.bytes()).isEqualTo(big.length + "alpha\r\n".length() + "bravo\n".length());
  }

  @Test
  void aNonEmptyDirectoryOrAnotherPartialPullIsNotPulledInto() throws IOException {
    Releases releases = releases();
    ReleaseRecord record = releases.push(tree(), ID, FileSelection.standard(), null);
    Path into = tmp.resolve("busy");
    Files.createDirectories(into);
    Files.writeString(into.resolve("mine.txt"), "keep me");

    assertThatThrownBy(() -> releases.pull(record, into)).hasMessageContaining("is not empty");
    assertThat(into.resolve("mine.txt")).hasContent("keep me");
  }
}
