package dev.upkeep.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** rmellipse's own test archive, read by Upkeep (the first "must show"). */
class FixtureArchiveTest {
  @TempDir Path tmp;

  @Test
  void listFindsTheReleaseByConstraint() throws IOException {
    Releases releases = Releases.on(FileSystemArchive.open(Fixtures.archiveCopy(tmp)));

    assertThat(
            releases.list(
                Workspace.DEFAULT, Title.of("first-workflow"), VersionExpression.parse(">=0.1.0")))
        .containsExactly(ReleaseVersion.of("0.1.5"));
    assertThat(
            releases.list(
                Workspace.DEFAULT, Title.of("First_Workflow"), VersionExpression.parse("<0.1.5")))
        .isEmpty();
  }

  @Test
  void recordReadsAsRmellipseWroteIt() throws IOException {
    Releases releases = Releases.on(FileSystemArchive.open(Fixtures.archiveCopy(tmp)));

    ReleaseRecord record =
        releases.resolve(Workspace.DEFAULT, Title.of(Fixtures.TITLE), VersionExpression.ANY);

    assertThat(record.id().versionedTitle()).isEqualTo("first-workflow-v0.1.5");
    assertThat(record.files()).hasSize(8);
    assertThat(record.directories()).containsExactly("data_env", "inputs", "results");
    assertThat(record.datasets()).containsEntry("my-output", "results/output-file.txt");
    assertThat(record.treeHash()).isEmpty();
  }

  @Test
  void pullWritesTheSevenPresentFilesThenNamesTheMissingBlob() throws IOException {
    Path archiveDir = Fixtures.archiveCopy(tmp);
    Releases releases = Releases.on(FileSystemArchive.open(archiveDir));
    ReleaseRecord record =
        releases.resolve(
            Workspace.DEFAULT, Title.of(Fixtures.TITLE), VersionExpression.parse(">=0.1.0"));
    Path into = tmp.resolve("pulled");

    assertThatThrownBy(() -> releases.pull(record, into))
        .isInstanceOf(ArchiveException.class)
        .hasMessageContaining("release first-workflow 0.1.5")
        .hasMessageContaining("results/output-file.txt")
        .hasMessageContaining("e71bcaa3de3d")
        .hasMessageContaining("is missing from archive " + archiveDir)
        .hasMessageContaining("other 7 files are pulled and verified")
        .hasMessageContaining("no completion marker");

    assertThat(into.resolve(".rme/record.yml")).doesNotExist();
    assertThat(into.resolve("results/output-file.txt")).doesNotExist();
    Path blobs = archiveDir.resolve("Global Public Workspace/first-workflow/blobs");
    for (ReleaseFile f : record.files()) {
      if (f.path().equals("results/output-file.txt")) {
        continue;
      }
      byte[] expected =
          Files.readAllBytes(blobs.resolve(f.blob().hex().substring(0, 2)).resolve(f.blob().hex()));
      assertThat(into.resolve(f.path())).as(f.path()).hasBinaryContent(expected);
      assertThat(expected.length).isEqualTo(f.bytes());
    }
    assertThat(Files.readString(into.resolve("rmeproject.yml"))).contains("\r\n");
    assertThat(into.resolve("inputs")).isEmptyDirectory();
    assertThat(into.resolve("data_env")).isEmptyDirectory();
  }

  @Test
  void verifyNamesTheMissingBlob() throws IOException {
    Releases releases = Releases.on(FileSystemArchive.open(Fixtures.archiveCopy(tmp)));
    ReleaseRecord record =
        releases.require(
            new ReleaseId(Workspace.DEFAULT, Title.of(Fixtures.TITLE), ReleaseVersion.of("0.1.5")));

    assertThatThrownBy(() -> releases.verify(record, null))
        .isInstanceOf(ArchiveException.class)
        .hasMessageContaining("results/output-file.txt (e71bcaa3de3d…): blob is missing");
  }

  @Test
  void strayFilesInTheTitleDirectoryAreIgnored() throws IOException {
    Path archiveDir = Fixtures.archiveCopy(tmp);
    Path titleDir = archiveDir.resolve("Global Public Workspace/first-workflow");
    Files.writeString(titleDir.resolve("notes-about-first-workflow.txt"), "stray");
    Files.writeString(titleDir.resolve("first-workflow-v1.0.yml"), "not semver");
    Files.createDirectories(titleDir.resolve("first-workflow-v2.0.0.yml"));

    assertThat(
            FileSystemArchive.open(archiveDir)
                .versions(Workspace.DEFAULT, Title.of(Fixtures.TITLE)))
        .isEqualTo(List.of(ReleaseVersion.of("0.1.5")));
  }
}
