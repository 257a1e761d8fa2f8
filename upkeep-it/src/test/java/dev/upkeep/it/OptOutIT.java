package dev.upkeep.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * With an opt-out variable set, a whole tracked run (start, work, failure, exit) opens no
 * connection and writes no file.
 */
class OptOutIT {
  @TempDir Path home;

  @ParameterizedTest
  @ValueSource(strings = {"DO_NOT_TRACK", "UPKEEP_OPTOUT"})
  void optedOutRunSendsNothingAndWritesNothing(String variable) throws Exception {
    try (CountingServer counting = new CountingServer()) {
      Map<String, String> env =
          Map.of(variable, "1", "UPKEEP_ENDPOINT", "http://127.0.0.1:" + counting.port());
      assertThat(TrackedCliProcess.run(home, env, "--work-ms", "200")).isZero();
      assertThat(TrackedCliProcess.run(home, env, "--fail")).isEqualTo(1);
      assertThat(counting.connections.get()).isZero();
    }
    assertThat(Files.exists(home.resolve("config"))).isFalse();
    assertThat(Files.exists(home.resolve("cache"))).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "false", ""})
  void falseLikeValuesDoNotOptOut(String value) throws Exception {
    try (CountingServer counting = new CountingServer()) {
      Map<String, String> env =
          Map.of("DO_NOT_TRACK", value, "UPKEEP_ENDPOINT", "http://127.0.0.1:" + counting.port());
      TrackedCliProcess.run(home, env);
      assertThat(counting.connections.get()).isPositive();
    }
  }

  /** A loopback listener that counts connections and closes them. */
  static final class CountingServer implements AutoCloseable {
    final ServerSocket socket;
    final AtomicInteger connections = new AtomicInteger();
    final Thread acceptor;

    CountingServer() throws IOException {
      socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      acceptor =
          new Thread(
              () -> {
                while (!socket.isClosed()) {
                  try (Socket s = socket.accept()) {
                    connections.incrementAndGet();
                  } catch (IOException e) {
                    return;
                  }
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();
    }

    int port() {
      return socket.getLocalPort();
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
