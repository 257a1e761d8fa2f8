package dev.upkeep.server.blobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.upkeep.archive.BlobId;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The collector's disk blob store on a real directory: whole, cut and resumed, refused uploads. */
class DiskBlobStoreTest {
  private static final int SIZE = 300_000;

  @TempDir Path dir;

  private final byte[] bytes = random(SIZE, 1);
  private final BlobId id = idOf(bytes);

  private DiskBlobStore store() {
    return new DiskBlobStore(dir.resolve("blobs"), DiskBlobStore.DEFAULT_MAX_BLOB_SIZE);
  }

  @Test
  void aWholeBlobIsStoredAndReadFromAnyOffset() throws IOException {
    DiskBlobStore store = store();
    assertThat(store.size(id)).isEmpty();
    assertThat(store.write(id, 0, SIZE, new ByteArrayInputStream(bytes))).isEqualTo(SIZE);
    assertThat(store.size(id)).hasValue(SIZE);
    assertThat(store.received(id)).isZero();
    try (InputStream in = store.open(id, 0)) {
      assertThat(in.readAllBytes()).isEqualTo(bytes);
    }
    try (InputStream in = store.open(id, 123_457)) {
      assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(bytes, 123_457, SIZE));
    }
    assertThat(dir.resolve("blobs").resolve(id.hex().substring(0, 2)).resolve(id.hex()))
        .hasBinaryContent(bytes);
  }

  @Test
  void anUploadCutAtAnyByteContinuesFromItsLastByteEvenInANewStore() throws IOException {
    for (int cut : new int[] {1, 65_535, 65_536, 65_537, 200_001, SIZE - 1}) {
      BlobId blob = idOf(bytes);
      DiskBlobStore store = store();
      assertThatThrownBy(() -> store.write(blob, 0, SIZE, cutAfter(bytes, cut)))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("connection reset");
      assertThat(store.size(blob)).as("an unfinished upload is not a blob").isEmpty();
      // a restarted collector finds the same upload on disk
      DiskBlobStore again = store();
      assertThat(again.received(blob)).isEqualTo(cut);
      long at = again.write(blob, cut, SIZE, new ByteArrayInputStream(bytes, cut, SIZE - cut));
      assertThat(at).isEqualTo(SIZE);
      try (InputStream in = again.open(blob, 0)) {
        assertThat(in.readAllBytes()).isEqualTo(bytes);
      }
      deleteAll();
    }
  }

  @Test
  void partsAreAcknowledgedAsTheyArriveAndTheLastOneStoresTheBlob() throws IOException {
    DiskBlobStore store = store();
    assertThat(store.write(id, 0, SIZE, new ByteArrayInputStream(bytes, 0, 100_000)))
        .isEqualTo(100_000);
    assertThat(store.write(id, 100_000, SIZE, new ByteArrayInputStream(bytes, 100_000, 100_000)))
        .isEqualTo(200_000);
    assertThat(store.size(id)).isEmpty();
    assertThat(store.write(id, 200_000, SIZE, new ByteArrayInputStream(bytes, 200_000, 100_000)))
        .isEqualTo(SIZE);
    assertThat(store.size(id)).hasValue(SIZE);
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
  }

  @Test
  void bytesThatDoNotHashToTheIdAreRefusedAndNothingIsKept() throws IOException {
    DiskBlobStore store = store();
    byte[] other = random(SIZE, 2);
    assertThatThrownBy(() -> store.write(id, 0, SIZE, new ByteArrayInputStream(other)))
        .isInstanceOfSatisfying(
            BlobRefusedException.class,
            e -> assertThat(e.reason()).isEqualTo(BlobRefusedException.Reason.MISMATCH))
        .hasMessageContaining("hash to " + idOf(other).hex().substring(0, 12))
        .hasMessageContaining("nothing was stored");
    assertThat(store.size(id)).isEmpty();
    assertThat(store.received(id)).isZero();
    assertThat(files()).isEmpty();
  }

  @Test
  void morebytesThanTheSizeAreRefusedAndTheUploadDropped() throws IOException {
    DiskBlobStore store = store();
    assertThatThrownBy(() -> store.write(id, 0, SIZE - 10, new ByteArrayInputStream(bytes)))
        .isInstanceOfSatisfying(
            BlobRefusedException.class,
            e -> assertThat(e.reason()).isEqualTo(BlobRefusedException.Reason.MISMATCH))
        .hasMessageContaining("more bytes came");
    assertThat(store.received(id)).isZero();
    assertThat(store.size(id)).isEmpty();
  }

  @Test
  void aPartThatDoesNotStartWhereTheUploadStandsIsRefusedWithWhereItStands() throws IOException {
    DiskBlobStore store = store();
    store.write(id, 0, SIZE, new ByteArrayInputStream(bytes, 0, 5_000));
    assertThatThrownBy(
            () -> store.write(id, 4_000, SIZE, new ByteArrayInputStream(bytes, 4_000, 10)))
        .isInstanceOfSatisfying(
            BlobRefusedException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(BlobRefusedException.Reason.OFFSET);
              assertThat(e.received()).isEqualTo(5_000);
            })
        .hasMessageContaining("send from byte 5000");
    assertThat(store.received(id)).as("the refused part changed nothing").isEqualTo(5_000);
  }

  @Test
  void aBlobAboveTheLimitIsRefusedBeforeAByteIsRead() {
    DiskBlobStore store = new DiskBlobStore(dir.resolve("blobs"), 1_000);
    InputStream unread =
        new InputStream() {
          @Override
          public int read() {
            throw new AssertionError("read a byte of a refused blob");
          }
        };
    assertThatThrownBy(() -> store.write(id, 0, SIZE, unread))
        .isInstanceOfSatisfying(
            BlobRefusedException.class,
            e -> assertThat(e.reason()).isEqualTo(BlobRefusedException.Reason.TOO_LARGE))
        .hasMessageContaining("max-blob-size = 1000");
  }

  @Test
  void aSecondUploadOfOneBlobAtOnceIsRefused() throws Exception {
    DiskBlobStore store = store();
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    InputStream slow =
        new FilterInputStream(new ByteArrayInputStream(bytes)) {
          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            inside.countDown();
            try {
              release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              throw new IOException(e);
            }
            return super.read(b, off, len);
          }
        };
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<Long> first = pool.submit(() -> store.write(id, 0, SIZE, slow));
      assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
      assertThatThrownBy(() -> store.write(id, 0, SIZE, new ByteArrayInputStream(bytes)))
          .isInstanceOfSatisfying(
              BlobRefusedException.class,
              e -> assertThat(e.reason()).isEqualTo(BlobRefusedException.Reason.BUSY));
      release.countDown();
      assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(SIZE);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aStoredBlobIsNotWrittenAgain() throws IOException {
    DiskBlobStore store = store();
    store.write(id, 0, SIZE, new ByteArrayInputStream(bytes));
    Path file = dir.resolve("blobs").resolve(id.hex().substring(0, 2)).resolve(id.hex());
    long modified = Files.getLastModifiedTime(file).toMillis();
    InputStream unread =
        new InputStream() {
          @Override
          public int read() {
            throw new AssertionError("read the bytes of a stored blob");
          }
        };
    assertThat(store.write(id, 0, SIZE, unread)).isEqualTo(SIZE);
    assertThat(Files.getLastModifiedTime(file).toMillis()).isEqualTo(modified);
  }

  @Test
  void theEmptyBlobIsABlobToo() throws IOException {
    DiskBlobStore store = store();
    assertThat(store.write(BlobId.EMPTY, 0, 0, InputStream.nullInputStream())).isZero();
    assertThat(store.size(BlobId.EMPTY)).hasValue(0);
  }

  @Test
  void aMissingBlobCannotBeOpened() {
    assertThatThrownBy(() -> store().open(id, 0)).isInstanceOf(NoSuchFileException.class);
  }

  private static InputStream cutAfter(byte[] data, int cut) {
    return new FilterInputStream(new ByteArrayInputStream(data)) {
      private int sent;

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (sent >= cut) {
          throw new IOException("connection reset");
        }
        int n = super.read(b, off, Math.min(len, cut - sent));
        sent += Math.max(n, 0);
        return n;
      }
    };
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

  private void deleteAll() throws IOException {
    try (Stream<Path> all = Files.walk(dir.resolve("blobs"))) {
      for (Path p : all.sorted((a, b) -> b.compareTo(a)).toList()) {
        Files.delete(p);
      }
    }
  }

  private static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static BlobId idOf(byte[] data) {
    try {
      return new BlobId(
          HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
