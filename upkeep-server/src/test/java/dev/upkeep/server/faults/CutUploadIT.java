package dev.upkeep.server.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.upkeep.archive.BlobId;
import dev.upkeep.archive.FileSelection;
import dev.upkeep.archive.RandomTrees;
import dev.upkeep.archive.ReleaseId;
import dev.upkeep.archive.ReleaseRecord;
import dev.upkeep.archive.ReleaseVersion;
import dev.upkeep.archive.Releases;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A push through {@link UpkeepArchive} whose blob upload is cut on the wire at seeded random byte
 * offsets (and at 0, 1, the last byte and after the whole body): the push fails with an {@link
 * IOException} within the client's timeouts, the collector keeps exactly the bytes that reached it,
 * the next push sends only the rest, and the release then pulls and verifies byte-equal.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CutUploadIT {
  private static final int SIZE = 300_000;

  /** {@code -Dfaults.seed=N} draws other offsets; each failure names its seed. */
  private static final long SEED = Long.getLong("faults.seed", 16);

  /**
   * Seeded offsets per run: 4, times {@code -Dfaults.scale} for a longer run (with {@code
   * -Djunit.jupiter.execution.timeout.mode=disabled}, past the suite's bound).
   */
  private static final int RANDOM_OFFSETS = 4 * Integer.getInteger("faults.scale", 1);

  @TempDir Path dir;

  private final HttpClient http = HttpClient.newHttpClient();
  private TestServer server;
  private CuttingProxy proxy;
  private String master;

  @BeforeEach
  void start() throws IOException {
    server = TestServer.start(dir.resolve("server"), Duration.ofMinutes(5));
    server.register("lab/cut");
    master = server.server.initialMasterToken().orElseThrow();
    proxy = CuttingProxy.to(server.server.port());
  }

  @AfterEach
  void stop() throws IOException {
    proxy.close();
    server.close();
  }

  /** 0, 1, the last byte, the whole body (cut before the answer), and seeded offsets. */
  static List<Long> offsets() {
    List<Long> offsets = new ArrayList<>(List.of(0L, 1L, SIZE - 1L, (long) SIZE));
    Random random = new Random(SEED);
    for (int i = 0; i < RANDOM_OFFSETS; i++) {
      offsets.add(1 + (long) random.nextInt(SIZE - 1));
    }
    return offsets;
  }

  @Test
  void aPushCutAtAnyByteResumesFromThatByteAndThenPullsByteEqual() throws Exception {
    Releases viaProxy = Releases.on(archive(proxy.uri().toString())).threads(2);
    Releases direct = Releases.on(archive(server.uri("/").toString()));
    List<Long> offsets = offsets();
    for (int i = 0; i < offsets.size(); i++) {
      long offset = offsets.get(i);
      String at = "cut at byte " + offset + " (seed " + SEED + ")";
      Path tree = Files.createDirectories(dir.resolve("tree-" + i));
      byte[] bytes = new byte[SIZE];
      new Random(SEED + i).nextBytes(bytes);
      Files.write(tree.resolve("data.bin"), bytes);
      String blob = BlobId.hash(new ByteArrayInputStream(bytes)).blob().hex();
      ReleaseId id =
          new ReleaseId(Workspace.DEFAULT, Title.of("cut"), ReleaseVersion.of("1.0." + i));
      int cutsBefore = proxy.cuts();
      proxy.cutUpload(blob, offset);

      assertThatThrownBy(() -> viaProxy.push(tree, id, FileSelection.standard(), null))
          .as(at)
          .isInstanceOf(IOException.class);

      assertThat(proxy.cuts()).as(at).isEqualTo(cutsBefore + 1);
      proxy.awaitSettled(20_000);
      HttpResponse<Void> head = head(blob);
      if (offset < SIZE) {
        assertThat(head.statusCode()).as(at + ": an unfinished upload is no blob").isEqualTo(404);
        assertThat(head.headers().firstValue("Upload-Offset"))
            .as(at + ": the collector keeps every byte that reached it")
            .hasValue(Long.toString(offset));
      } else {
        assertThat(head.statusCode()).as(at + ": the whole body arrived").isEqualTo(200);
      }
      assertThat(direct.list(Workspace.DEFAULT, id.title(), null))
          .as(at + ": nothing is published before its blobs")
          .doesNotContain(id.version());

      proxy.reset();
      ReleaseRecord pushed = viaProxy.push(tree, id, FileSelection.standard(), null);

      assertThat(proxy.uploaded())
          .as(at + ": the second push sends the rest")
          .isEqualTo(SIZE - offset);
      Path into = dir.resolve("pulled-" + i);
      Releases.PullResult pulled = direct.pull(direct.require(id), into);
      assertThat(pulled.record()).isEqualTo(pushed);
      assertThat(into.resolve("data.bin")).as(at).hasBinaryContent(bytes);
      assertThat(RandomTrees.contents(into)).isEqualTo(RandomTrees.contents(tree));
      assertThat(direct.verify(pushed, null)).as(at).contains("files verified");
    }
  }

  private UpkeepArchive archive(String base) {
    return UpkeepArchive.at(java.net.URI.create(base))
        .token(master)
        .timeouts(Duration.ofSeconds(5), Duration.ofSeconds(10))
        .build();
  }

  private HttpResponse<Void> head(String blob) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(server.uri("/v1/blobs/" + blob))
            .method("HEAD", HttpRequest.BodyPublishers.noBody())
            .header("Authorization", "Bearer " + master)
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.discarding());
  }
}
