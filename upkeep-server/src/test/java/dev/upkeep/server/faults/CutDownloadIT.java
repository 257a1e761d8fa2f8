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
import java.net.URI;
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
 * A pull from the collector whose download of one blob is cut on the wire at seeded random byte
 * offsets (and at 0, 1 and the last byte): the pull fails with an {@link IOException}, keeps the
 * bytes it got in the blob's part file and writes no completion marker; the next pull fetches only
 * the rest of that blob, and the tree is byte-equal to the one pushed.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CutDownloadIT {
  private static final int SIZE = 400_000;

  /** {@code -Dfaults.seed=N} draws other offsets; each failure names its seed. */
  private static final long SEED = Long.getLong("faults.seed", 61);

  /**
   * Seeded offsets per run: 4, times {@code -Dfaults.scale} for a longer run (with {@code
   * -Djunit.jupiter.execution.timeout.mode=disabled}, past the suite's bound).
   */
  private static final int RANDOM_OFFSETS = 4 * Integer.getInteger("faults.scale", 1);

  private static final String PART = ".upkeep-part";

  @TempDir Path dir;

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

  /** 0, 1, the last byte, and seeded offsets. */
  static List<Long> offsets() {
    List<Long> offsets = new ArrayList<>(List.of(0L, 1L, SIZE - 1L));
    Random random = new Random(SEED);
    for (int i = 0; i < RANDOM_OFFSETS; i++) {
      offsets.add(1 + (long) random.nextInt(SIZE - 1));
    }
    return offsets;
  }

  @Test
  void aPullCutAtAnyByteKeepsItsPartFileAndTheNextPullFetchesOnlyTheRest() throws Exception {
    Path tree = RandomTrees.write(dir.resolve("tree"), SEED);
    byte[] bytes = new byte[SIZE];
    new Random(SEED).nextBytes(bytes);
    Files.write(tree.resolve("big.bin"), bytes);
    String blob = BlobId.hash(new ByteArrayInputStream(bytes)).blob().hex();
    ReleaseId id = new ReleaseId(Workspace.DEFAULT, Title.of("cut"), ReleaseVersion.of("1.0.0"));
    Releases direct = Releases.on(archive(server.uri("/")));
    ReleaseRecord pushed = direct.push(tree, id, FileSelection.standard(), null);
    Releases viaProxy = Releases.on(archive(proxy.uri())).threads(3);

    List<Long> offsets = offsets();
    for (int i = 0; i < offsets.size(); i++) {
      long offset = offsets.get(i);
      String at = "cut at byte " + offset + " (seed " + SEED + ")";
      Path into = dir.resolve("pulled-" + i);
      Path part = into.resolve("big.bin" + PART);
      proxy.cutDownload(blob, offset);

      assertThatThrownBy(() -> viaProxy.pull(pushed, into)).as(at).isInstanceOf(IOException.class);

      assertThat(proxy.cuts()).as(at).isPositive();
      assertThat(into.resolve("big.bin")).as(at).doesNotExist();
      assertThat(part).as(at + ": the bytes that came are kept").exists();
      assertThat(Files.size(part)).as(at).isEqualTo(offset);
      assertThat(into.resolve(".rme/record.yml")).as(at + ": no completion marker").doesNotExist();

      proxy.reset();
      Releases.PullResult resumed = viaProxy.pull(pushed, into);

      assertThat(resumed.cached()).isFalse();
      assertThat(proxy.downloaded())
          .as(at + ": only the rest of the cut blob is fetched")
          .isEqualTo(SIZE - offset);
      assertThat(into.resolve("big.bin")).as(at).hasBinaryContent(bytes);
      assertThat(part).doesNotExist();
      assertThat(RandomTrees.contents(into)).as(at).isEqualTo(RandomTrees.contents(tree));
      assertThat(into.resolve(".rme/record.yml")).exists();
      assertThat(viaProxy.pull(pushed, into).cached()).isTrue();
    }
    assertThat(direct.verify(direct.require(id), null)).contains("files verified");
  }

  private UpkeepArchive archive(URI base) {
    return UpkeepArchive.at(base)
        .token(master)
        .timeouts(Duration.ofSeconds(5), Duration.ofSeconds(10))
        .build();
  }
}
