package dev.upkeep.server.api.releases;

import dev.upkeep.archive.Archive;
import dev.upkeep.archive.ArchiveContract;
import dev.upkeep.archive.UpkeepArchive;
import dev.upkeep.server.blobs.BlobStoreSettings;
import dev.upkeep.server.testing.LocalS3;
import dev.upkeep.server.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The archive contract on {@link UpkeepArchive} against a real collector whose blobs live in S3:
 * S3Proxy in this process ({@link LocalS3}), configured as an operator would ({@code blob-store =
 * s3://…}, {@code s3-endpoint}, {@code s3-path-style}, the access key). Each test has its own
 * prefix.
 */
class UpkeepArchiveOnS3ContractIT extends ArchiveContract {
  @TempDir static Path s3dir;
  static LocalS3 s3;

  private TestServer server;

  @BeforeAll
  static void startS3() throws Exception {
    s3 = LocalS3.start(s3dir);
  }

  @AfterAll
  static void stopS3() throws Exception {
    if (s3 != null) {
      s3.close();
    }
  }

  @Override
  protected Archive create(Path dir) {
    BlobStoreSettings blobs =
        BlobStoreSettings.defaults()
            .with("blob-store", "s3://" + LocalS3.BUCKET + "/test-" + UUID.randomUUID())
            .with("s3-endpoint", s3.endpoint().toString())
            .with("s3-path-style", "true")
            .with("s3-access-key-id", LocalS3.ACCESS_KEY)
            .with("s3-secret-access-key", LocalS3.SECRET);
    server = TestServer.start(dir, Duration.ofMinutes(5), b -> b.blobStore(blobs));
    server.register("lab/contract");
    return UpkeepArchive.at(server.uri("/"))
        .token(server.server.initialMasterToken().orElseThrow())
        .build();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }
}
