package dev.upkeep.server.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.upkeep.archive.BlobId;
import dev.upkeep.archive.ReleaseId;
import dev.upkeep.archive.ReleaseVersion;
import dev.upkeep.archive.Title;
import dev.upkeep.archive.UpkeepArchive;
import dev.upkeep.archive.Workspace;
import dev.upkeep.server.blobs.BlobStoreSettings;
import dev.upkeep.server.testing.CuttingProxy;
import dev.upkeep.server.testing.LocalS3;
import dev.upkeep.server.testing.TestServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The collector's S3 fails when the last byte of an upload has arrived (its bucket gone): the push
 * fails, the verified bytes stay staged ({@code Upload-Offset} is the blob's size), and once S3 is
 * back the next push stores them without sending the blob again.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class S3DownAtLastPartIT {
  private static final int SIZE = 300_000;

  @TempDir Path dir;

  private final HttpClient http = HttpClient.newHttpClient();
  private LocalS3 s3;
  private TestServer server;
  private String master;

  @BeforeEach
  void start() throws Exception {
    s3 = LocalS3.start(java.nio.file.Files.createDirectories(dir.resolve("s3")));
    BlobStoreSettings blobs =
        BlobStoreSettings.defaults()
            .with("blob-store", "s3://" + LocalS3.BUCKET + "/faults")
            .with("s3-endpoint", s3.endpoint().toString())
            .with("s3-path-style", "true")
            .with("s3-access-key-id", LocalS3.ACCESS_KEY)
            .with("s3-secret-access-key", LocalS3.SECRET);
    server =
        TestServer.start(dir.resolve("server"), Duration.ofMinutes(5), b -> b.blobStore(blobs));
    master = server.server.initialMasterToken().orElseThrow();
  }

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    s3.close();
  }

  @Test
  void anUploadWhoseStoreFailedIsStoredByTheNextPushWithoutSendingItAgain() throws Exception {
    byte[] bytes = new byte[SIZE];
    new Random(3).nextBytes(bytes);
    BlobId blob = BlobId.hash(new ByteArrayInputStream(bytes)).blob();
    ReleaseId id = new ReleaseId(Workspace.DEFAULT, Title.of("s3"), ReleaseVersion.of("1.0.0"));
    UpkeepArchive archive =
        UpkeepArchive.at(server.uri("/"))
            .token(master)
            .timeouts(Duration.ofSeconds(5), Duration.ofSeconds(20))
            .build();
    s3.s3().deleteBucket(b -> b.bucket(LocalS3.BUCKET));

    assertThatThrownBy(() -> archive.put(id, blob, SIZE, new ByteArrayInputStream(bytes)))
        .isInstanceOf(IOException.class);

    HttpResponse<Void> head = head(blob);
    assertThat(head.statusCode()).isEqualTo(404);
    assertThat(head.headers().firstValue("Upload-Offset"))
        .as("the verified bytes stay staged")
        .hasValue(Integer.toString(SIZE));

    s3.s3().createBucket(b -> b.bucket(LocalS3.BUCKET));
    try (CuttingProxy proxy = CuttingProxy.to(server.server.port())) {
      UpkeepArchive counted = UpkeepArchive.at(proxy.uri()).token(master).build();
      counted.put(id, blob, SIZE, new ByteArrayInputStream(bytes));
      assertThat(proxy.uploaded()).as("the staged bytes are not sent again").isZero();
    }

    assertThat(archive.has(id, blob)).isTrue();
    try (InputStream in = archive.get(id, blob, 0)) {
      assertThat(in.readAllBytes()).isEqualTo(bytes);
    }
  }

  private HttpResponse<Void> head(BlobId blob) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(server.uri("/v1/blobs/" + blob.hex()))
            .method("HEAD", HttpRequest.BodyPublishers.noBody())
            .header("Authorization", "Bearer " + master)
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.discarding());
  }
}
