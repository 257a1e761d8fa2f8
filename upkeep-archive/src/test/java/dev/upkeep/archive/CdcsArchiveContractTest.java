package dev.upkeep.archive;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;

/** The archive contract on {@link CdcsArchive}, against a {@link FakeCdcs}. */
class CdcsArchiveContractTest extends ArchiveContract {
  private FakeCdcs cdcs;

  @Override
  protected Archive create(Path dir) throws IOException {
    cdcs = FakeCdcs.start();
    return CdcsArchive.builder(cdcs.base(), CdcsAuth.basic("alice", "secret"))
        .requestTimeout(Duration.ofSeconds(10))
        .build();
  }

  @AfterEach
  void stop() {
    cdcs.close();
  }
}
