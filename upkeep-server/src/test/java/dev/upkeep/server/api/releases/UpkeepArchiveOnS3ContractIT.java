package dev.upkeep.server.api.releases;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upkeep.archive.Archive;
import dev.upkeep.archive.ArchiveContract;
import dev.upkeep.archive.FileSelection;
import dev.upkeep.archive.RandomTrees;
import dev.upkeep.archive.ReleaseId;
import dev.upkeep.archive.ReleaseRecord;
import dev.upkeep.archive.ReleaseVersion;
import dev.upkeep.archive.Releases;
import dev.upkeep.archive.Title;
import dev.upkeep.archive.UpkeepArchive;
import dev.upkeep.archive.Workspace;
import dev.upkeep.server.blobs.BlobStoreSettings;
import dev.upkeep.server.testing.LocalS3;
import dev.upkeep.server.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
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

  @Test
  void aTreePushedThroughTheCollectorIntoS3PullsBackByteForByte() throws Exception {
    Path tree = RandomTrees.write(tmp.resolve("tree"), 11);
    Releases releases = Releases.on(archive).threads(3);
    ReleaseId id =
        new ReleaseId(Workspace.DEFAULT, Title.of("contract"), ReleaseVersion.of("2.0.0"));

    ReleaseRecord pushed = releases.push(tree, id, FileSelection.standard(), null);

    assertThat(releases.list(Workspace.DEFAULT, id.title(), null)).containsExactly(id.version());
    Releases.PullResult pulled = releases.pull(pushed, tmp.resolve("pulled"));
    assertThat(pulled.files()).isEqualTo(pushed.files().size());
    assertThat(RandomTrees.contents(tmp.resolve("pulled"))).isEqualTo(RandomTrees.contents(tree));
    assertThat(releases.verify(pushed, null)).contains("files verified");
    assertThat(s3.s3().listObjectsV2(b -> b.bucket(LocalS3.BUCKET)).contents())
        .as("the blobs are in the bucket")
        .isNotEmpty();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }
}
