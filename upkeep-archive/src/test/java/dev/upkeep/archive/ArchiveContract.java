package dev.upkeep.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link Archive} does, whatever stores it (the zipkin way: one abstract suite, a
 * subclass per implementation). The engine ({@link Releases}) relies on exactly this.
 */
public abstract class ArchiveContract {
  protected static final ReleaseId V1 =
      new ReleaseId(Workspace.DEFAULT, Title.of("contract"), ReleaseVersion.of("1.0.0"));

  @TempDir protected Path tmp;
  protected Archive archive;

  /** A new, empty archive of the implementation under test. */
  protected abstract Archive create(Path dir) throws IOException;

  @BeforeEach
  protected void open() throws IOException {
    archive = create(tmp.resolve("archive"));
  }

  static BlobId idOf(byte[] bytes) throws Exception {
    return new BlobId(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
  }

  ReleaseRecord record(ReleaseId id, BlobId blob, long bytes) {
    return ReleaseRecord.builder(id)
        .file(ReleaseFile.of("data/a.txt", blob, bytes))
        .directory("empty")
        .requirement("other>=1.0.0")
        .build();
  }

  @Test
  void blobsAreStoredCheckedAndReadFromAnyOffset() throws Exception {
    byte[] bytes = "hello, archive\n".getBytes(StandardCharsets.UTF_8);
    BlobId blob = idOf(bytes);
    assertThat(archive.has(V1, blob)).isFalse();

    archive.put(V1, blob, bytes.length, new ByteArrayInputStream(bytes));
    archive.put(V1, blob, bytes.length, new ByteArrayInputStream(bytes));

    assertThat(archive.has(V1, blob)).isTrue();
    try (InputStream in = archive.get(V1, blob, 0)) {
      assertThat(in.readAllBytes()).isEqualTo(bytes);
    }
    try (InputStream in = archive.get(V1, blob, 7)) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("archive\n");
    }
  }

  @Test
  void bytesThatDoNotHashToTheBlobAreRefusedAndNotStored() throws Exception {
    byte[] bytes = "right".getBytes(StandardCharsets.UTF_8);
    BlobId blob = idOf(bytes);

    assertThatThrownBy(() -> archive.put(V1, blob, 5, new ByteArrayInputStream("wrong".getBytes())))
        .isInstanceOf(ArchiveException.class)
        .hasMessageContaining(blob.abbreviated());
    assertThatThrownBy(() -> archive.put(V1, blob, 6, new ByteArrayInputStream(bytes)))
        .isInstanceOf(ArchiveException.class);
    assertThat(archive.has(V1, blob)).isFalse();
    assertThatThrownBy(() -> archive.get(V1, blob, 0))
        .isInstanceOf(BlobNotFoundException.class)
        .hasMessageContaining("is missing from " + archive.describe());
  }

  @Test
  void aRecordIsPublishedOnlyWithAllItsBlobsAndOnlyOnce() throws Exception {
    byte[] bytes = "a\n".getBytes(StandardCharsets.UTF_8);
    BlobId blob = idOf(bytes);
    ReleaseRecord record = record(V1, blob, bytes.length);

    assertThatThrownBy(() -> archive.publish(record))
        .isInstanceOf(ArchiveException.class)
        .hasMessageContaining("blobs missing for data/a.txt (" + blob.abbreviated() + ")");
    assertThat(archive.read(V1)).isEmpty();
    assertThat(archive.versions(Workspace.DEFAULT, V1.title())).isEmpty();

    archive.put(V1, blob, bytes.length, new ByteArrayInputStream(bytes));
    archive.publish(record);

    assertThat(archive.read(V1)).contains(record);
    assertThatThrownBy(() -> archive.publish(record)).isInstanceOf(ReleaseExistsException.class);
  }

  @Test
  void versionsAreOrderedBySemverWhateverTheOrderOfPushes() throws Exception {
    for (String v :
        new String[] {"1.10.0", "1.2.0", "1.0.0-rc.1", "0.9.9+build.8", "0.9.9+build.7"}) {
      archive.publish(
          ReleaseRecord.builder(new ReleaseId(Workspace.DEFAULT, V1.title(), ReleaseVersion.of(v)))
              .build());
    }
    archive.publish(
        ReleaseRecord.builder(
                new ReleaseId("Lab Workspace", V1.title(), ReleaseVersion.of("9.0.0")))
            .build());

    assertThat(archive.versions(Workspace.DEFAULT, V1.title()).stream().map(String::valueOf))
        .containsExactly("0.9.9+build.7", "0.9.9+build.8", "1.0.0-rc.1", "1.2.0", "1.10.0");
    assertThat(archive.versions("Lab Workspace", V1.title()).stream().map(String::valueOf))
        .containsExactly("9.0.0");
  }

  @Test
  void aYankKeepsEveryOtherField() throws Exception {
    byte[] bytes = "a\n".getBytes(StandardCharsets.UTF_8);
    BlobId blob = idOf(bytes);
    archive.put(V1, blob, bytes.length, new ByteArrayInputStream(bytes));
    ReleaseRecord record = record(V1, blob, bytes.length);
    archive.publish(record);

    ReleaseRecord yanked = archive.yank(V1, "Broken on Windows.");

    ReleaseRecord read = archive.read(V1).orElseThrow();
    assertThat(read).isEqualTo(yanked);
    assertThat(read.yank().orElseThrow().reason()).isEqualTo("Broken on Windows.");
    assertThat(Instant.parse(read.yank().orElseThrow().at())).isNotNull();
    assertThat(read.files()).isEqualTo(record.files());
    assertThat(read.directories()).isEqualTo(record.directories());
    assertThat(read.requirements()).containsExactly("other>=1.0.0");
    assertThatThrownBy(
            () ->
                archive.yank(
                    new ReleaseId(Workspace.DEFAULT, V1.title(), ReleaseVersion.of("2.0.0")), "x"))
        .isInstanceOf(ReleaseNotFoundException.class);
  }
}
