package dev.upkeep.server.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

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
 * A blob upload whose network goes silent mid-body — nothing read, nothing answered, the connection
 * left open — fails the push within the client's read timeout instead of blocking it for ever on a
 * full socket buffer; the collector drops the connection at its idle timeout, keeps what arrived,
 * and the next push continues from there.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StalledUploadIT {
  /** Larger than what the loopback's socket buffers hold, so the client's writes block. */
  private static final int SIZE = 48 << 20;

  private static final int STALL = 1 << 20;
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(2);

  @TempDir Path dir;

  private final HttpClient http = HttpClient.newHttpClient();
  private TestServer server;
  private CuttingProxy proxy;
  private String master;

  @BeforeEach
  void start() throws IOException {
    server =
        TestServer.start(
            dir.resolve("server"),
            Duration.ofMinutes(5),
            b -> b.idleTimeout(Duration.ofSeconds(2)));
    master = server.server.initialMasterToken().orElseThrow();
    proxy = CuttingProxy.to(server.server.port());
  }

  @AfterEach
  void stop() throws IOException {
    proxy.close();
    server.close();
  }

  @Test
  void aPushWhoseNetworkGoesSilentFailsWithinItsTimeoutAndTheNextContinues() throws Exception {
    byte[] bytes = new byte[SIZE];
    new Random(48).nextBytes(bytes);
    BlobId blob = BlobId.hash(new ByteArrayInputStream(bytes)).blob();
    ReleaseId id = new ReleaseId(Workspace.DEFAULT, Title.of("stall"), ReleaseVersion.of("1.0.0"));
    UpkeepArchive archive =
        UpkeepArchive.at(proxy.uri())
            .token(master)
            .timeouts(Duration.ofSeconds(2), READ_TIMEOUT)
            .build();
    proxy.stallUpload(blob.hex(), STALL);

    long started = System.nanoTime();
    assertTimeoutPreemptively(
        Duration.ofSeconds(20),
        () ->
            assertThatThrownBy(() -> archive.put(id, blob, SIZE, new ByteArrayInputStream(bytes)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("stopped reading"));
    long took = System.nanoTime() - started;

    assertThat(Duration.ofNanos(took)).isGreaterThanOrEqualTo(READ_TIMEOUT);
    assertThat(proxy.cuts()).isEqualTo(1);
    proxy.awaitSettled(20_000);
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              HttpResponse<Void> head = head(blob);
              assertThat(head.statusCode()).isEqualTo(404);
              assertThat(head.headers().firstValue("Upload-Offset"))
                  .hasValue(Integer.toString(STALL));
            });

    proxy.reset();
    archive.put(id, blob, SIZE, new ByteArrayInputStream(bytes));

    assertThat(proxy.uploaded()).isEqualTo(SIZE - STALL);
    try (InputStream in = archive.get(id, blob, 0)) {
      assertThat(BlobId.hash(in).blob()).isEqualTo(blob);
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
