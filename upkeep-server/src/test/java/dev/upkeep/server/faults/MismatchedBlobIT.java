package dev.upkeep.server.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.upkeep.archive.ArchiveException;
import dev.upkeep.archive.BlobId;
import dev.upkeep.archive.ReleaseId;
import dev.upkeep.archive.ReleaseVersion;
import dev.upkeep.archive.Title;
import dev.upkeep.archive.UpkeepArchive;
import dev.upkeep.archive.Workspace;
import dev.upkeep.server.testing.CuttingProxy;
import dev.upkeep.server.testing.TestServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bytes that do not hash to the blob they are sent for — sent whole, as the last part of an upload
 * whose first part was right, or by a client resuming after its file changed — are refused with
 * 422, and the collector keeps nothing of them: the blob is not stored, {@code Upload-Offset} is
 * back to 0 and no file is left under the data directory's {@code blobs/}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MismatchedBlobIT {
  private static final int SIZE = 200_000;

  @TempDir Path dir;

  private final HttpClient http = HttpClient.newHttpClient();
  private final byte[] bytes = random(SIZE, 1);
  private final String blob = sha256(bytes);
  private TestServer server;
  private String master;
  private Path blobs;

  @BeforeEach
  void start() {
    server = TestServer.start(dir.resolve("server"), Duration.ofMinutes(5));
    master = server.server.initialMasterToken().orElseThrow();
    blobs = server.dataDir.resolve("blobs");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void otherBytesSentWholeAreRefusedAndNothingIsKept() throws Exception {
    HttpResponse<String> put = put(random(SIZE, 2), null);

    assertThat(put.statusCode()).isEqualTo(422);
    assertThat(put.body()).contains("nothing was stored");
    assertNothingKept();
  }

  @Test
  void aLastPartThatMakesOtherBytesIsRefusedAndTheRightFirstPartDropped() throws Exception {
    int cut = 123_456;
    HttpResponse<String> first = put(Arrays.copyOfRange(bytes, 0, cut), range(0, cut));
    assertThat(first.statusCode()).isEqualTo(202);
    assertThat(headOffset()).isEqualTo(cut);
    assertThat(files()).as("the first part is on disk").hasSize(1);
    byte[] other = bytes.clone();
    other[SIZE - 1] ^= 1;

    HttpResponse<String> last = put(Arrays.copyOfRange(other, cut, SIZE), range(cut, SIZE));

    assertThat(last.statusCode()).isEqualTo(422);
    assertThat(last.body()).contains("hash to " + sha256(other).substring(0, 12));
    assertThat(last.headers().firstValue("Upload-Offset")).hasValue("0");
    assertNothingKept();
    assertThat(put(bytes, null).statusCode()).as("the right bytes, from 0").isEqualTo(201);
    assertThat(files()).hasSize(1);
  }

  @Test
  void aPushResumedAfterItsFileChangedIsRefusedAndTheNextPushStoresTheRightBytes()
      throws Exception {
    int cut = 77_777;
    BlobId id = new BlobId(blob);
    ReleaseId release =
        new ReleaseId(Workspace.DEFAULT, Title.of("mismatch"), ReleaseVersion.of("1.0.0"));
    try (CuttingProxy proxy = CuttingProxy.to(server.server.port())) {
      UpkeepArchive archive =
          UpkeepArchive.at(proxy.uri())
              .token(master)
              .timeouts(Duration.ofSeconds(5), Duration.ofSeconds(10))
              .build();
      proxy.cutUpload(blob, cut);
      assertThatThrownBy(() -> archive.put(release, id, SIZE, new ByteArrayInputStream(bytes)))
          .isInstanceOf(IOException.class);
      proxy.awaitSettled(20_000);
      assertThat(headOffset()).isEqualTo(cut);
      byte[] changed = bytes.clone();
      changed[SIZE / 2] ^= 1;

      proxy.reset();
      assertThatThrownBy(() -> archive.put(release, id, SIZE, new ByteArrayInputStream(changed)))
          .isInstanceOf(ArchiveException.class)
          .hasMessageContaining("do not hash to it")
          .hasMessageContaining("did the file change while it was pushed?");

      assertThat(proxy.uploaded()).as("the resumed push sent the rest").isEqualTo(SIZE - cut);
      assertNothingKept();
      archive.put(release, id, SIZE, new ByteArrayInputStream(bytes));
      assertThat(archive.has(release, id)).isTrue();
      try (var in = archive.get(release, id, 0)) {
        assertThat(in.readAllBytes()).isEqualTo(bytes);
      }
    }
  }

  private void assertNothingKept() throws Exception {
    HttpResponse<Void> head = head();
    assertThat(head.statusCode()).as("the blob is not stored").isEqualTo(404);
    assertThat(head.headers().firstValue("Upload-Offset")).hasValue("0");
    assertThat(files()).as("files under " + blobs).isEmpty();
  }

  /** The regular files under the data directory's blobs/. */
  private List<Path> files() throws IOException {
    if (!Files.exists(blobs)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(blobs)) {
      return walk.filter(Files::isRegularFile).toList();
    }
  }

  private long headOffset() throws Exception {
    HttpResponse<Void> head = head();
    assertThat(head.statusCode()).isEqualTo(404);
    return Long.parseLong(head.headers().firstValue("Upload-Offset").orElseThrow());
  }

  /** The Content-Range of bytes {@code first} to {@code end} (excluded) of the blob. */
  private static String range(int first, int end) {
    return "bytes " + first + "-" + (end - 1) + "/" + SIZE;
  }

  private HttpRequest.Builder request() {
    return HttpRequest.newBuilder(server.uri("/v1/blobs/" + blob))
        .header("Authorization", "Bearer " + master)
        .timeout(Duration.ofSeconds(10));
  }

  private HttpResponse<Void> head() throws IOException, InterruptedException {
    return http.send(
        request().method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.discarding());
  }

  private HttpResponse<String> put(byte[] body, String contentRange)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        request()
            .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
            .header("Content-Type", "application/octet-stream");
    if (contentRange != null) {
      b.header("Content-Range", contentRange);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static String sha256(byte[] data) {
    try {
      return BlobId.hash(new ByteArrayInputStream(data)).blob().hex();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
