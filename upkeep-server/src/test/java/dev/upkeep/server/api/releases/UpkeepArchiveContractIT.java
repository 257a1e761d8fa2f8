package dev.upkeep.server.api.releases;

import dev.upkeep.archive.Archive;
import dev.upkeep.archive.ArchiveContract;
import dev.upkeep.archive.UpkeepArchive;
import dev.upkeep.server.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;

/**
 * The archive contract on {@link UpkeepArchive}: a real collector on an ephemeral port, its store
 * and blobs on disk, reached over HTTP with the master token. Releases of the contract's title go
 * to the project named like it, {@code lab/contract}.
 */
class UpkeepArchiveContractIT extends ArchiveContract {
  private TestServer server;

  @Override
  protected Archive create(Path dir) {
    server = TestServer.start(dir, Duration.ofMinutes(5));
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
