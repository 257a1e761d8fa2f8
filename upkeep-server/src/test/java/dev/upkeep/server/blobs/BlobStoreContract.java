package dev.upkeep.server.blobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.upkeep.archive.BlobId;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link BlobStore} does, written once and run against each by a subclass ({@link
 * DiskBlobStoreContractTest}, {@link S3BlobStoreIT}), as the storage contract: whole and resumed
 * uploads, refused ones, reads. Each test starts from an empty store; what a backend does beyond
 * the contract (its files, its objects) is tested beside it.
 */
abstract class BlobStoreContract {
  static final int SIZE = 300_000;

  /** The test's own directory, for the backend's files (a disk store's root, staged uploads). */
  @TempDir Path dir;

  final byte[] bytes = random(SIZE, 1);
  final BlobId id = idOf(bytes);
  private final List<BlobStore> opened = new ArrayList<>();

  /**
   * A store of the backend taking blobs up to {@code maxSize} bytes. Every store of one test holds
   * the same blobs and uploads (a second one is the collector restarted); each test starts empty.
   */
  abstract BlobStore newStore(long maxSize) throws Exception;

  /** A store of the test, closed after it. */
  final BlobStore store(long maxSize) throws Exception {
    BlobStore s = newStore(maxSize);
    opened.add(s);
    return s;
  }

  final BlobStore store() throws Exception {
    return store(DiskBlobStore.DEFAULT_MAX_BLOB_SIZE);
  }

  @AfterEach
  void closeStores() throws IOException {
    for (BlobStore s : opened) {
      s.close();
    }
  }

  // storing and reading

  @Test
  void aWholeBlobIsStoredAndReadFromAnyOffset() throws Exception {
    BlobStore store = store();
    assertThat(store.size(id)).isEmpty();
    assertThat(store.write(id, 0, SIZE, new ByteArrayInputStream(bytes))).isEqualTo(SIZE);
    assertThat(store.size(id)).hasValue(SIZE);
    assertThat(store.received(id)).isZero();
    assertThat(read(store, id, 0)).isEqualTo(bytes);
    assertThat(read(store, id, 123_457)).isEqualTo(Arrays.copyOfRange(bytes, 123_457, SIZE));
    assertThat(read(store, id, SIZE - 1)).containsExactly(bytes[SIZE - 1]);
    assertThat(read(store, id, SIZE)).as("from the end").isEmpty();
  }

  @Test
  void partsAreAcknowledgedAsTheyArriveAndTheLastOneStoresTheBlob() throws Exception {
    BlobStore store = store();
    assertThat(store.write(id, 0, SIZE, new ByteArrayInputStream(bytes, 0, 100_000)))
        .isEqualTo(100_000);
    assertThat(store.received(id)).isEqualTo(100_000);
    assertThat(store.write(id, 100_000, SIZE, new ByteArrayInputStream(bytes, 100_000, 1)))
        .isEqualTo(100_001);
    assertThat(store.write(id, 100_001, SIZE, new ByteArrayInputStream(bytes, 100_001, 99_999)))
        .isEqualTo(200_000);
    assertThat(store.size(id)).as("an unfinished upload is not a blob").isEmpty();
    assertThat(store.write(id, 200_000, SIZE, new ByteArrayInputStream(bytes, 200_000, 100_000)))
        .isEqualTo(SIZE);
    assertThat(store.size(id)).hasValue(SIZE);
    assertThat(store.received(id)).isZero();
    assertThat(read(store, id, 0)).isEqualTo(bytes);
  }

  @Test
  void anUploadCutAtAnyByteContinuesFromItsLastByteEvenInANewStore() throws Exception {
    int seed = 10;
    for (int cut : new int[] {1, 65_535, 65_536, 65_537, 200_001, SIZE - 1}) {
      byte[] data = random(SIZE, seed++);
      BlobId blob = idOf(data);
      BlobStore store = store();
      assertThatThrownBy(() -> store.write(blob, 0, SIZE, cutAfter(data, cut)))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("connection reset");
      assertThat(store.size(blob)).as("an unfinished upload is not a blob").isEmpty();
      // a restarted collector finds the same upload
      BlobStore again = store();
      assertThat(again.received(blob)).isEqualTo(cut);
      long at = again.write(blob, cut, SIZE, new ByteArrayInputStream(data, cut, SIZE - cut));
      assertThat(at).isEqualTo(SIZE);
      assertThat(read(again, blob, 0)).isEqualTo(data);
    }
  }

  @Test
  void aStoredBlobIsAcceptedAgainWithoutItsBytesBeingRead() throws Exception {
    BlobStore store = store();
    store.write(id, 0, SIZE, new ByteArrayInputStream(bytes));
    assertThat(store.write(id, 0, SIZE, unread("the bytes of a stored blob"))).isEqualTo(SIZE);
    assertThat(store.received(id)).isZero();
    assertThat(read(store(), id, 0)).isEqualTo(bytes);
  }

  @Test
  void theEmptyBlobIsABlobToo() throws Exception {
    BlobStore store = store();
    assertThat(store.size(BlobId.EMPTY)).isEmpty();
    assertThat(store.write(BlobId.EMPTY, 0, 0, InputStream.nullInputStream())).isZero();
    assertThat(store.size(BlobId.EMPTY)).hasValue(0);
    assertThat(read(store, BlobId.EMPTY, 0)).isEmpty();
  }

  @Test
  void aMissingBlobCannotBeOpened() throws Exception {
    BlobStore store = store();
    assertThatThrownBy(() -> store.open(id, 0)).isInstanceOf(NoSuchFileException.class);
    assertThatThrownBy(() -> store.open(id, 10)).isInstanceOf(NoSuchFileException.class);
    store.write(id, 0, SIZE, new ByteArrayInputStream(bytes, 0, 10));
    assertThatThrownBy(() -> store.open(id, 0))
        .as("an unfinished upload cannot be read")
        .isInstanceOf(NoSuchFileException.class);
  }

  // refused parts: nothing stored changes

  @Test
  void aPartThatDoesNotStartWhereTheUploadStandsIsRefusedWithWhereItStands() throws Exception {
    BlobStore store = store();
    store.write(id, 0, SIZE, new ByteArrayInputStream(bytes, 0, 5_000));
    for (long wrong : new long[] {0, 4_000, 5_001}) {
      assertThatThrownBy(
              () -> store.write(id, wrong, SIZE, new ByteArrayInputStream(bytes, (int) wrong, 10)))
          .isInstanceOfSatisfying(
              BlobRefusedException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(BlobRefusedException.Reason.OFFSET);
                assertThat(e.received()).isEqualTo(5_000);
              })
          .hasMessageContaining("send from byte 5000");
    }
    assertThat(store.received(id)).as("the refused parts changed nothing").isEqualTo(5_000);
    assertThat(store.write(id, 5_000, SIZE, new ByteArrayInputStream(bytes, 5_000, SIZE - 5_000)))
        .isEqualTo(SIZE);
    assertThat(read(store, id, 0)).isEqualTo(bytes);
  }

  @Test
  void aBlobAboveTheLimitIsRefusedBeforeAByteIsRead() throws Exception {
    BlobStore store = store(1_000);
    assertThatThrownBy(() -> store.write(id, 0, SIZE, unread("a refused blob")))
        .isInstanceOfSatisfying(
            BlobRefusedException.class,
            e -> assertThat(e.reason()).isEqualTo(BlobRefusedException.Reason.TOO_LARGE))
        .hasMessageContaining("max-blob-size = 1000");
    assertThat(store.received(id)).isZero();
    assertThat(store.size(id)).isEmpty();
  }

  @Test
  void bytesThatDoNotHashToTheIdAreRefusedAndNothingIsStored() throws Exception {
    BlobStore store = store();
    byte[] other = random(SIZE, 2);
    store.write(id, 0, SIZE, new ByteArrayInputStream(other, 0, 1_000));
    assertThatThrownBy(
            () ->
                store.write(id, 1_000, SIZE, new ByteArrayInputStream(other, 1_000, SIZE - 1_000)))
        .isInstanceOfSatisfying(
            BlobRefusedException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(BlobRefusedException.Reason.MISMATCH);
              assertThat(e.received()).isZero();
            })
        .hasMessageContaining("hash to " + idOf(other).hex().substring(0, 12))
        .hasMessageContaining("nothing was stored");
    assertThat(store.size(id)).isEmpty();
    assertThat(store.received(id)).as("the upload was dropped").isZero();
    assertThatThrownBy(() -> store.open(id, 0)).isInstanceOf(NoSuchFileException.class);
    assertThat(store.write(id, 0, SIZE, new ByteArrayInputStream(bytes))).isEqualTo(SIZE);
  }

  @Test
  void moreBytesThanTheSizeAreRefusedAndTheUploadDropped() throws Exception {
    BlobStore store = store();
    assertThatThrownBy(() -> store.write(id, 0, SIZE - 10, new ByteArrayInputStream(bytes)))
        .isInstanceOfSatisfying(
            BlobRefusedException.class,
            e -> assertThat(e.reason()).isEqualTo(BlobRefusedException.Reason.MISMATCH))
        .hasMessageContaining("more bytes came");
    assertThat(store.received(id)).isZero();
    assertThat(store.size(id)).isEmpty();
  }

  @Test
  void aSecondUploadOfOneBlobAtOnceIsRefused() throws Exception {
    BlobStore store = store();
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
      assertThat(read(store, id, 0)).isEqualTo(bytes);
    } finally {
      pool.shutdownNow();
    }
  }

  static byte[] read(BlobStore store, BlobId blob, long offset) throws IOException {
    try (InputStream in = store.open(blob, offset)) {
      return in.readAllBytes();
    }
  }

  /** {@code data}, then a cut connection after {@code cut} bytes. */
  static InputStream cutAfter(byte[] data, int cut) {
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

  /** A stream that fails the test when it is read. */
  static InputStream unread(String what) {
    return new InputStream() {
      @Override
      public int read() {
        throw new AssertionError("read " + what);
      }

      @Override
      public int read(byte[] b, int off, int len) {
        throw new AssertionError("read " + what);
      }
    };
  }

  static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  static BlobId idOf(byte[] data) {
    try {
      return new BlobId(
          HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
