package dev.upkeep.server.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.upkeep.server.store.jdbc.JdbcStores;
import dev.upkeep.server.testing.MutableClock;
import dev.upkeep.server.testing.PostgresSchema;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A shared limit store that does not answer: nothing refused for it, nothing held for long, the
 * limits counted in this collector meanwhile, one WARN line, and the shared store used again once
 * it answers. Real clients against a closed port, a port that accepts and never answers, and a
 * database without the limits' table.
 */
class UnreachableLimitStoreIT {
  private static final Duration WINDOW = Duration.ofSeconds(60);

  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T12:00:00Z"));
  private final Logger log = (Logger) LoggerFactory.getLogger(SharedLimitStore.class);
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  private final List<AutoCloseable> closing = new ArrayList<>();

  @BeforeEach
  void captureLog() {
    logged.start();
    log.addAppender(logged);
  }

  @AfterEach
  void close() throws Exception {
    log.detachAppender(logged);
    for (AutoCloseable c : closing) {
      c.close();
    }
  }

  @Test
  void postgresOnAClosedPort() {
    countsLocallyWithoutWaiting(
        LimitStores.postgres(
            "jdbc:postgresql://127.0.0.1:" + closedPort() + "/test?user=postgres", clock));
  }

  @Test
  void redisOnAClosedPort() {
    countsLocallyWithoutWaiting(
        LimitStores.redis("redis://127.0.0.1:" + closedPort(), "upkeep-test:", clock));
  }

  @Test
  void postgresThatAcceptsAndNeverAnswers() throws IOException {
    int port = silentPort();
    countsLocallyWithoutWaiting(
        LimitStores.postgres("jdbc:postgresql://127.0.0.1:" + port + "/test?user=postgres", clock));
  }

  @Test
  void redisThatAcceptsAndNeverAnswers() throws IOException {
    warmUpRedisClient();
    int port = silentPort();
    countsLocallyWithoutWaiting(
        LimitStores.redis("redis://127.0.0.1:" + port, "upkeep-test:", clock));
  }

  @Test
  void theSharedStoreIsUsedAgainOnceItAnswers() {
    PostgresSchema pg = PostgresSchema.create();
    closing.add(pg);
    // No migration yet: the function is missing, every shared decision fails.
    SharedLimitStore limits =
        new SharedLimitStore(
            new PostgresLimitStore(pg.url, clock),
            LimitStore.memory(clock),
            Duration.ofMillis(100),
            System::nanoTime);
    closing.add(limits);
    Function<LimitStore, Boolean> request =
        s -> s.take(List.of(Charge.request("r:k", 2, WINDOW))).taken();

    assertThat(request.apply(limits)).isTrue();
    assertThat(limits.answering()).isFalse();
    assertThat(request.apply(limits)).isTrue();
    assertThat(request.apply(limits)).isFalse();

    JdbcStores.postgres(pg.url).close();
    await().atMost(Duration.ofSeconds(30)).until(() -> request.apply(limits) && limits.answering());

    // The shared counter started afresh: one taken above, one more fits.
    assertThat(request.apply(limits)).isTrue();
    assertThat(request.apply(limits)).isFalse();
    assertThat(logged.list)
        .extracting(ILoggingEvent::getLevel)
        .containsExactly(Level.WARN, Level.INFO);
    assertThat(logged.list.get(0).getFormattedMessage())
        .contains("postgres did not answer")
        .contains("counting them in this collector alone");
    assertThat(logged.list.get(1).getFormattedMessage()).contains("postgres answers again");
  }

  /**
   * Every decision is made, none waits more than about a second (the first one tries the shared
   * store), the limit is still counted (here, in memory), one WARN line is logged.
   */
  private void countsLocallyWithoutWaiting(LimitStore limits) {
    closing.add(limits);
    long start = System.nanoTime();
    List<Boolean> taken = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      taken.add(limits.take(List.of(Charge.request("r:k", 3, WINDOW))).taken());
    }
    limits.refund(List.of(Charge.events("c:k", 1, 10, WINDOW)));
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(taken.subList(0, 3)).containsOnly(true);
    assertThat(taken.subList(3, 50)).containsOnly(false);
    assertThat(limits.answering()).isFalse();
    // the connect timeout is 1 s; the rest is margin for a busy machine
    assertThat(took).isLessThan(Duration.ofMillis(2_500));
    assertThat(logged.list).hasSize(1);
    assertThat(logged.list.get(0).getLevel()).isEqualTo(Level.WARN);
    assertThat(logged.list.get(0).getFormattedMessage())
        .contains("did not answer")
        .contains(limits.describe());
  }

  /**
   * Loads and starts what Lettuce's first connection in a JVM does (Netty's event loops), which on
   * a busy machine takes longer than the connect timeout itself; a collector pays it once.
   */
  private void warmUpRedisClient() {
    try (LimitStore s = LimitStores.redis("redis://127.0.0.1:" + closedPort(), "x:", clock)) {
      s.take(List.of(Charge.request("r:k", 1, WINDOW)));
    }
    logged.list.clear();
  }

  private static int closedPort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A port that accepts connections and never sends a byte. */
  private int silentPort() throws IOException {
    ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    List<Socket> accepted = new ArrayList<>();
    Thread t =
        new Thread(
            () -> {
              try {
                while (true) {
                  accepted.add(server.accept());
                }
              } catch (IOException e) {
                // closed
              }
            },
            "silent-port");
    t.setDaemon(true);
    t.start();
    closing.add(
        () -> {
          server.close();
          for (Socket s : accepted) {
            s.close();
          }
        });
    return server.getLocalPort();
  }
}
