package dev.upkeep.server.blobs;

import static dev.upkeep.server.blobs.BlobStoreContract.idOf;
import static dev.upkeep.server.blobs.BlobStoreContract.random;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.upkeep.archive.BlobId;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The disk blob store's files: where blobs and uploads are, and what a crash leaves. What every
 * store does is {@link BlobStoreContract}, run on disk by {@link DiskBlobStoreContractTest}.
 */
class DiskBlobStoreTest {
  private static final int SIZE = 300_000;

  @TempDir Path dir;

  private final byte[] bytes = random(SIZE, 1);
  private final BlobId id = idOf(bytes);

  private DiskBlobStore store() {
    return new DiskBlobStore(dir.resolve("blobs"), DiskBlobStore.DEFAULT_MAX_BLOB_SIZE);
  }

  @Test
  void anUploadIsAPartFileAndABlobAFileNamedByItsHash() throws IOException {
    DiskBlobStore store = store();
    Path part = dir.resolve("blobs").resolve("uploads").resolve(id.hex() + ".part");
    store.write(id, 0, SIZE, new ByteArrayInputStream(bytes, 0, 1_000));
    assertThat(part).hasSize(1_000);
    store.write(id, 1_000, SIZE, new ByteArrayInputStream(bytes, 1_000, SIZE - 1_000));
    assertThat(part).doesNotExist();
    assertThat(dir.resolve("blobs").resolve(id.hex().substring(0, 2)).resolve(id.hex()))
        .hasBinaryContent(bytes);
  }

  @Test
  void anUploadWhoseBytesAllArrivedBeforeACrashIsFinishedByAnEmptyLastPart() throws IOException {
    // every byte written, then the collector died before the rename: the client's resumed upload
    // starts at the size and sends nothing
    Path part = dir.resolve("blobs").resolve("uploads").resolve(id.hex() + ".part");
    Files.createDirectories(part.getParent());
    Files.write(part, bytes);
    DiskBlobStore store = store();
    assertThat(store.received(id)).isEqualTo(SIZE);
    assertThat(store.write(id, SIZE, SIZE, InputStream.nullInputStream())).isEqualTo(SIZE);
    assertThat(store.size(id)).hasValue(SIZE);
    assertThat(part).doesNotExist();
  }

  @Test
  void bytesThatDoNotHashToTheIdLeaveNoFile() throws IOException {
    DiskBlobStore store = store();
    assertThatThrownBy(() -> store.write(id, 0, SIZE, new ByteArrayInputStream(random(SIZE, 2))))
        .isInstanceOf(BlobRefusedException.class);
    assertThat(files()).isEmpty();
  }

  @Test
  void aStoredBlobsFileIsNotWrittenAgain() throws IOException {
    DiskBlobStore store = store();
    store.write(id, 0, SIZE, new ByteArrayInputStream(bytes));
    Path file = dir.resolve("blobs").resolve(id.hex().substring(0, 2)).resolve(id.hex());
    long modified = Files.getLastModifiedTime(file).toMillis();
    assertThat(store.write(id, 0, SIZE, new ByteArrayInputStream(bytes))).isEqualTo(SIZE);
    assertThat(Files.getLastModifiedTime(file).toMillis()).isEqualTo(modified);
  }

  @Test
  void aNegativeLimitIsRefusedNamingTheSetting() {
    assertThatThrownBy(() -> new DiskBlobStore(dir, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("max-blob-size");
  }

  private Stream<Path> files() throws IOException {
    Path root = dir.resolve("blobs");
    if (!Files.exists(root)) {
      return Stream.empty();
    }
    try (Stream<Path> all = Files.walk(root)) {
      return all.filter(Files::isRegularFile).toList().stream();
    }
  }
}
