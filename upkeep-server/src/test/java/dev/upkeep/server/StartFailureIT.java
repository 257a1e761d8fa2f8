package dev.upkeep.server;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.upkeep.server.store.Store;
import dev.upkeep.server.store.jdbc.JdbcStores;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A start that fails after the store opened closes it: the embedded store's lock is released, so
 * the same process opens the store again (a store left open would refuse that).
 */
class StartFailureIT {
  @TempDir Path dir;

  @Test
  void versionSourcesThatFailToBeMadeLeaveTheStoreClosed() {
    ServerConfig config = ServerConfig.builder().port(0).dataDir(dir).build();

    assertThatThrownBy(
            () ->
                UpkeepServer.start(
                    config,
                    Clock.systemUTC(),
                    (store, settings, clock) -> {
                      throw new IllegalStateException("no release sources today");
                    }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("no release sources today");

    try (Store store = JdbcStores.open(config.store())) {
      store.check();
    }
  }

  @Test
  void aPortInUseLeavesTheStoreClosed() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      ServerConfig config =
          ServerConfig.builder().host("127.0.0.1").port(taken.getLocalPort()).dataDir(dir).build();

      assertThatThrownBy(() -> UpkeepServer.start(config)).isInstanceOf(RuntimeException.class);

      try (Store store = JdbcStores.open(config.store())) {
        store.check();
      }
    }
  }
}
