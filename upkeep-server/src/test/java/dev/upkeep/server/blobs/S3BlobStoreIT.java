package dev.upkeep.server.blobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.upkeep.archive.BlobId;
import dev.upkeep.server.testing.LocalS3;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The blob store contract on S3: S3Proxy in this process, on an ephemeral port, keeping its bucket
 * in a temporary directory and checking request signatures. Each test has its own key prefix in the
 * bucket and its own staging directory. Beyond the contract: multipart uploads, where the objects
 * are, and S3's failures as messages.
 */
class S3BlobStoreIT extends BlobStoreContract {
  static final String BUCKET = LocalS3.BUCKET;
  static final String ACCESS_KEY = LocalS3.ACCESS_KEY;
  static final String SECRET = LocalS3.SECRET;

  @TempDir static Path s3dir;

  static LocalS3 local;
  static URI endpoint;
  static S3Client s3;

  String prefix;

  @BeforeAll
  static void startS3() throws Exception {
    local = LocalS3.start(s3dir);
    endpoint = local.endpoint();
    s3 = local.s3();
  }

  @AfterAll
  static void stopS3() throws Exception {
    if (local != null) {
      local.close();
    }
  }

  @BeforeEach
  void newPrefix() {
    prefix = "test-" + UUID.randomUUID();
  }

  S3Settings settings() {
    return S3Settings.parse("s3://" + BUCKET + "/" + prefix)
        .withEndpoint(endpoint)
        .withPathStyle(true)
        .withCredentials(ACCESS_KEY, SECRET);
  }

  @Override
  BlobStore newStore(long maxSize) {
    return new S3BlobStore(settings(), dir.resolve("uploads"), maxSize);
  }

  @Test
  void aBlobAboveTheMultipartThresholdIsSentInPartsAndReadBackByteForByte() throws IOException {
    int size = (11 << 20) + 12_345; // three parts of 5 MiB: 5, 5 and 1 MiB and a bit
    byte[] big = random(size, 7);
    BlobId blob = idOf(big);
    try (S3BlobStore store =
        new S3BlobStore(settings(), dir.resolve("uploads"), 1L << 30, 5L << 20, 5L << 20)) {
      assertThat(store.write(blob, 0, size, new ByteArrayInputStream(big, 0, 1_000_003)))
          .isEqualTo(1_000_003);
      assertThat(
              store.write(
                  blob, 1_000_003, size, new ByteArrayInputStream(big, 1_000_003, 7_000_000)))
          .isEqualTo(8_000_003);
      assertThat(store.size(blob)).isEmpty();
      assertThat(
              store.write(
                  blob,
                  8_000_003,
                  size,
                  new ByteArrayInputStream(big, 8_000_003, size - 8_000_003)))
          .isEqualTo(size);
      assertThat(store.size(blob)).hasValue(size);
      assertThat(s3.headObject(b -> b.bucket(BUCKET).key(key(blob))).eTag())
          .as("the ETag of a multipart upload ends in its number of parts")
          .endsWith("-3\"");
      assertThat(read(store, blob, 0)).isEqualTo(big);
      int inSecondPart = (5 << 20) + 3;
      assertThat(read(store, blob, inSecondPart))
          .isEqualTo(Arrays.copyOfRange(big, inSecondPart, size));
      assertThat(store.received(blob)).isZero();
    }
    assertThat(dir.resolve("uploads").resolve(blob.hex() + ".part")).doesNotExist();
    assertThat(s3.listMultipartUploads(b -> b.bucket(BUCKET)).uploads())
        .as("no multipart upload left open")
        .isEmpty();
  }

  @Test
  void aBlobIsAnObjectUnderThePrefixOnlyOnceItsBytesAreVerified() throws Exception {
    BlobStore store = store();
    store.write(id, 0, SIZE, new ByteArrayInputStream(bytes, 0, SIZE - 1));
    assertThat(objects()).isEmpty();
    store.write(id, SIZE - 1, SIZE, new ByteArrayInputStream(bytes, SIZE - 1, 1));
    assertThat(objects())
        .containsExactly(prefix + "/blobs/" + id.hex().substring(0, 2) + "/" + id.hex());
    assertThat(dir.resolve("uploads").resolve(id.hex() + ".part"))
        .as("the staged upload is deleted once sent")
        .doesNotExist();
  }

  @Test
  void anUploadS3DidNotTakeStaysStagedAndAnEmptyLastPartSendsItAgain() throws Exception {
    S3Settings noBucket =
        S3Settings.parse("s3://no-such-bucket/" + prefix)
            .withEndpoint(endpoint)
            .withPathStyle(true)
            .withCredentials(ACCESS_KEY, SECRET);
    try (S3BlobStore wrong = new S3BlobStore(noBucket, dir.resolve("uploads"), 1L << 30)) {
      assertThatThrownBy(() -> wrong.write(id, 0, SIZE, new ByteArrayInputStream(bytes)))
          .isInstanceOf(IOException.class)
          .isNotInstanceOf(BlobRefusedException.class)
          .hasMessageContaining("s3://no-such-bucket/" + prefix + "/blobs/")
          .hasMessageContaining("bucket 'no-such-bucket' does not exist")
          .hasMessageContaining("check the bucket's name")
          .hasMessageContaining("resumes at byte " + SIZE);
      assertThat(wrong.received(id)).isEqualTo(SIZE);
    }
    BlobStore store = store();
    assertThat(store.received(id)).isEqualTo(SIZE);
    assertThat(store.write(id, SIZE, SIZE, InputStream.nullInputStream())).isEqualTo(SIZE);
    assertThat(read(store, id, 0)).isEqualTo(bytes);
  }

  @Test
  void wrongCredentialsAreAnIOExceptionNamingTheObjectAndWhatToCheck() throws Exception {
    store().write(id, 0, SIZE, new ByteArrayInputStream(bytes));
    try (S3BlobStore store =
        new S3BlobStore(
            settings().withCredentials(ACCESS_KEY, "not-the-secret"),
            dir.resolve("uploads"),
            1L << 30)) {
      assertThatThrownBy(() -> store.size(id))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("could not look up s3://" + BUCKET + "/" + key(id))
          .hasMessageContaining("refused it (403")
          .hasMessageContaining("check the access key id and secret");
      assertThatThrownBy(() -> store.open(id, 0))
          .isInstanceOf(IOException.class)
          .isNotInstanceOf(NoSuchFileException.class)
          .hasMessageContaining("could not read s3://" + BUCKET + "/" + key(id))
          .hasMessageContaining("check the access key id and secret");
    }
  }

  @Test
  void anUnreachableServiceIsAnIOExceptionNamingTheEndpoint() {
    URI nowhere = URI.create("http://127.0.0.1:1");
    try (S3BlobStore store =
        new S3BlobStore(settings().withEndpoint(nowhere), dir.resolve("uploads"), 1L << 30)) {
      assertThatThrownBy(() -> store.size(id))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("s3://" + BUCKET + "/" + key(id))
          .hasMessageContaining("at the S3 service at http://127.0.0.1:1")
          .hasMessageContaining("check the endpoint, the network and the credentials");
    }
  }

  private String key(BlobId blob) {
    return prefix + "/blobs/" + blob.hex().substring(0, 2) + "/" + blob.hex();
  }

  private java.util.List<String> objects() {
    return s3.listObjectsV2(b -> b.bucket(BUCKET).prefix(prefix + "/")).contents().stream()
        .map(S3Object::key)
        .toList();
  }
}
