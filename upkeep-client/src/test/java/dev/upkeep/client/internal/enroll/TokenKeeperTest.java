package dev.upkeep.client.internal.enroll;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upkeep.client.SecretStore;
import dev.upkeep.client.internal.LocalHttpServer;
import dev.upkeep.client.internal.LocalHttpServer.Reply;
import dev.upkeep.client.internal.Poll;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TokenKeeperTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String KEY = "k";
  private static final long NOW = 1_800_000_000_000L;
  private static final Credentials OLD =
      new Credentials("in_1", "ua_old", "ur_old", NOW + 3_600_000, "usage");
  private static final String GRANT =
      "{\"access_token\":\"ua_new\",\"token_type\":\"Bearer\",\"expires_in\":3600,"
          + "\"refresh_token\":\"ur_new\",\"scope\":\"usage\",\"install_id\":\"in_1\"}";
  private static final String INVALID_GRANT =
      "{\"error\":\"invalid_grant\",\"error_description\":\"unknown refresh token\"}";

  private final MemorySecretStore store = new MemorySecretStore();
  private final AtomicInteger revocations = new AtomicInteger();
  private final List<Thread> threads = new CopyOnWriteArrayList<>();
  private LocalHttpServer server;
  private ExecutorService pool;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    if (pool != null) {
      pool.shutdownNow();
    }
  }

  private TokenKeeper keeper() {
    return keeper(store);
  }

  private TokenKeeper keeper(SecretStore s) {
    return new TokenKeeper(
        new OAuthClient(OAuthClientTest.http()),
        URI.create(server.url()),
        "owner/app",
        s,
        KEY,
        revocations::incrementAndGet);
  }

  private void stored(Credentials c) {
    store.secrets.put(KEY, c.toJson());
  }

  private Credentials inStore() {
    String json = store.secrets.get(KEY);
    return json == null ? null : Credentials.fromJson(json);
  }

  private void start(LocalHttpServer.Responder responder) throws IOException {
    server = LocalHttpServer.start(responder);
  }

  private List<Future<String>> callConcurrently(int n, TokenKeeper keeper, long now) {
    pool =
        Executors.newFixedThreadPool(
            n,
            r -> {
              Thread t = new Thread(r, "token-keeper-test");
              t.setDaemon(true);
              threads.add(t);
              return t;
            });
    List<Future<String>> results = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      results.add(pool.submit(() -> keeper.accessToken(now)));
    }
    return results;
  }

  private void awaitWaiting(int n) {
    Poll.until(
        WAIT,
        () -> threads.stream().filter(t -> t.getState() == Thread.State.WAITING).count() >= n,
        () -> n + " threads waiting for the refresh");
  }

  @Test
  void withoutCredentialsThereIsNoToken() throws IOException {
    start(r -> Reply.of(200, GRANT));

    assertThat(keeper().accessToken(NOW)).isNull();
    assertThat(keeper().credentials()).isNull();
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void aTokenFarFromExpiryIsUsedAsItIs() throws IOException {
    start(r -> Reply.of(200, GRANT));
    stored(OLD);
    TokenKeeper keeper = keeper();

    assertThat(keeper.accessToken(NOW)).isEqualTo("ua_old");
    assertThat(keeper.accessToken(OLD.expiresAtMillis() - 60_001)).isEqualTo("ua_old");
    assertThat(keeper.credentials()).isEqualTo(OLD);
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void aTokenExpiringWithinAMinuteIsRefreshedAndStored() throws IOException {
    start(r -> Reply.of(200, GRANT));
    stored(OLD);
    long now = OLD.expiresAtMillis() - 60_000;

    String token = keeper().accessToken(now);

    assertThat(token).isEqualTo("ua_new");
    assertThat(server.requests()).hasSize(1);
    assertThat(LoopbackReceiver.query(server.requests().get(0).body))
        .containsEntry("grant_type", "refresh_token")
        .containsEntry("refresh_token", "ur_old")
        .containsEntry("client_id", "owner/app");
    assertThat(inStore())
        .isEqualTo(new Credentials("in_1", "ua_new", "ur_new", now + 3_600_000, "usage"));
  }

  @Test
  void concurrentCallersShareOneRefresh() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    start(
        r -> {
          await(release);
          return Reply.of(200, GRANT);
        });
    stored(OLD);
    TokenKeeper keeper = keeper();
    long expired = OLD.expiresAtMillis() + 1;

    List<Future<String>> results = callConcurrently(8, keeper, expired);
    server.awaitRequests(1, WAIT);
    awaitWaiting(7);
    release.countDown();

    for (Future<String> f : results) {
      assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo("ua_new");
    }
    assertThat(server.requests()).hasSize(1);
    assertThat(store.saves).hasValue(1);
    assertThat(keeper.accessToken(expired)).isEqualTo("ua_new");
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void whileARefreshRunsOthersGetTheStillValidTokenAtOnce() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    start(
        r -> {
          await(release);
          return Reply.of(200, GRANT);
        });
    stored(OLD);
    TokenKeeper keeper = keeper();
    long soon = OLD.expiresAtMillis() - 30_000;

    List<Future<String>> refresher = callConcurrently(1, keeper, soon);
    server.awaitRequests(1, WAIT);

    assertThat(keeper.accessToken(soon)).isEqualTo("ua_old");
    release.countDown();
    assertThat(refresher.get(0).get(10, TimeUnit.SECONDS)).isEqualTo("ua_new");
    assertThat(keeper.accessToken(soon)).isEqualTo("ua_new");
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void aRefusedRefreshDeletesTheCredentialsAndReportsOnce() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    start(
        r -> {
          await(release);
          return Reply.of(400, INVALID_GRANT);
        });
    stored(OLD);
    TokenKeeper keeper = keeper();
    long expired = OLD.expiresAtMillis() + 1;

    List<Future<String>> results = callConcurrently(6, keeper, expired);
    server.awaitRequests(1, WAIT);
    awaitWaiting(5);
    release.countDown();

    for (Future<String> f : results) {
      assertThat(f.get(10, TimeUnit.SECONDS)).isNull();
    }
    assertThat(keeper.accessToken(expired)).isNull();
    assertThat(keeper.accessToken(NOW)).isNull();
    assertThat(revocations).hasValue(1);
    assertThat(keeper.revoked()).isTrue();
    assertThat(keeper.credentials()).isNull();
    assertThat(store.secrets).doesNotContainKey(KEY);
    assertThat(store.deletes).hasValue(1);
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void aTransientFailureKeepsTheCredentials() throws IOException {
    start(r -> Reply.of(503, "{\"detail\":\"down\"}"));
    stored(OLD);
    TokenKeeper keeper = keeper();
    long expired = OLD.expiresAtMillis() + 1;

    assertThat(keeper.accessToken(expired)).isNull();
    assertThat(keeper.accessToken(expired)).isNull();

    assertThat(inStore()).isEqualTo(OLD);
    assertThat(keeper.credentials()).isEqualTo(OLD);
    assertThat(store.deletes).hasValue(0);
    assertThat(revocations).hasValue(0);
    assertThat(keeper.revoked()).isFalse();
    assertThat(server.requests()).hasSize(2);

    server.respond(r -> Reply.of(200, GRANT));

    assertThat(keeper.accessToken(expired)).isEqualTo("ua_new");
    assertThat(inStore().refreshToken()).isEqualTo("ur_new");
  }

  @Test
  void aTransientFailureStillHandsOutATokenThatHasNotExpired() throws IOException {
    start(r -> Reply.of(502, ""));
    stored(OLD);

    assertThat(keeper().accessToken(OLD.expiresAtMillis() - 1)).isEqualTo("ua_old");
    assertThat(inStore()).isEqualTo(OLD);
  }

  @Test
  void anUnreachableServerIsTransient() throws IOException {
    stored(OLD);
    try (RefusingPort closed = new RefusingPort()) {
      TokenKeeper keeper =
          new TokenKeeper(
              new OAuthClient(OAuthClientTest.http()),
              closed.uri(),
              "owner/app",
              store,
              KEY,
              revocations::incrementAndGet);

      assertThat(keeper.accessToken(OLD.expiresAtMillis() + 1)).isNull();
      assertThat(keeper.accessToken(OLD.expiresAtMillis() - 1)).isEqualTo("ua_old");
    }
    assertThat(inStore()).isEqualTo(OLD);
    assertThat(revocations).hasValue(0);
  }

  @Test
  void newerCredentialsOfAnotherProcessAreAdoptedInsteadOfRefreshing() throws IOException {
    start(r -> Reply.of(400, INVALID_GRANT));
    stored(OLD);
    TokenKeeper keeper = keeper();
    assertThat(keeper.accessToken(NOW)).isEqualTo("ua_old");
    Credentials other =
        new Credentials("in_1", "ua_other", "ur_other", OLD.expiresAtMillis() + 3_600_000, "usage");
    stored(other);

    assertThat(keeper.accessToken(OLD.expiresAtMillis() + 1)).isEqualTo("ua_other");
    assertThat(server.requests()).isEmpty();
    assertThat(revocations).hasValue(0);
  }

  @Test
  void aRefusalAfterAnotherProcessRotatedAdoptsItsCredentials() throws IOException {
    Credentials other =
        new Credentials("in_1", "ua_other", "ur_other", OLD.expiresAtMillis() + 3_600_000, "usage");
    start(
        r -> {
          stored(other); // the other process saved its rotation while this refresh was under way
          return Reply.of(400, INVALID_GRANT);
        });
    stored(OLD);
    TokenKeeper keeper = keeper();

    assertThat(keeper.accessToken(OLD.expiresAtMillis() + 1)).isEqualTo("ua_other");
    assertThat(revocations).hasValue(0);
    assertThat(keeper.revoked()).isFalse();
    assertThat(inStore()).isEqualTo(other);
  }

  @Test
  void adoptingNewCredentialsAfterARevocationStoresThemAndReportsAgainLater() throws IOException {
    start(r -> Reply.of(400, INVALID_GRANT));
    stored(OLD);
    TokenKeeper keeper = keeper();
    long expired = OLD.expiresAtMillis() + 1;
    assertThat(keeper.accessToken(expired)).isNull();
    assertThat(revocations).hasValue(1);

    Credentials again = new Credentials("in_2", "ua_2", "ur_2", expired + 3_600_000, "usage");
    assertThat(keeper.adopt(again)).isTrue();

    assertThat(keeper.revoked()).isFalse();
    assertThat(keeper.accessToken(expired)).isEqualTo("ua_2");
    assertThat(inStore()).isEqualTo(again);
    assertThat(keeper.accessToken(again.expiresAtMillis())).isNull();
    assertThat(revocations).hasValue(2);
  }

  @Test
  void aFailedSaveStillHandsOutTheRefreshedToken() throws IOException {
    start(r -> Reply.of(200, GRANT));
    stored(OLD);
    store.failSaves = true;

    assertThat(keeper().accessToken(OLD.expiresAtMillis() + 1)).isEqualTo("ua_new");
    assertThat(inStore()).isEqualTo(OLD);
  }

  @Test
  void unreadableStoredCredentialsCountAsNone() throws IOException {
    start(r -> Reply.of(200, GRANT));
    store.secrets.put(KEY, "{\"install_id\":\"in_1\"}");

    assertThat(keeper().accessToken(NOW)).isNull();
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void aStoreThatThrowsNeverBreaksTheCaller() throws IOException {
    start(r -> Reply.of(200, GRANT));
    SecretStore broken =
        new SecretStore() {
          @Override
          public String load(String key) {
            throw new IllegalStateException("keyring locked");
          }

          @Override
          public boolean save(String key, String secret) {
            throw new IllegalStateException("keyring locked");
          }

          @Override
          public void delete(String key) {
            throw new IllegalStateException("keyring locked");
          }
        };
    TokenKeeper keeper = keeper(broken);

    assertThat(keeper.accessToken(NOW)).isNull();
    assertThat(keeper.adopt(OLD)).isFalse();
    assertThat(keeper.accessToken(NOW)).isEqualTo("ua_old");
    keeper.forget();
    assertThat(keeper.accessToken(NOW)).isNull();
  }

  @Test
  void aThrowingRevocationCallbackIsContained() throws IOException {
    start(r -> Reply.of(401, "{\"error\":\"invalid_client\"}"));
    stored(OLD);
    TokenKeeper keeper =
        new TokenKeeper(
            new OAuthClient(OAuthClientTest.http()),
            URI.create(server.url()),
            "owner/app",
            store,
            KEY,
            () -> {
              throw new IllegalStateException("callback bug");
            });

    assertThat(keeper.accessToken(OLD.expiresAtMillis() + 1)).isNull();
    assertThat(keeper.revoked()).isTrue();
  }

  @Test
  void forgetDeletesWithoutReportingARevocation() throws IOException {
    start(r -> Reply.of(200, GRANT));
    stored(OLD);
    TokenKeeper keeper = keeper();

    keeper.forget();

    assertThat(keeper.accessToken(NOW)).isNull();
    assertThat(store.secrets).isEmpty();
    assertThat(revocations).hasValue(0);
    assertThat(Map.copyOf(store.secrets)).isEmpty();
  }

  @Test
  void forgettingDuringARefreshDoesNotBringTheCredentialsBack() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    start(
        r -> {
          await(release);
          return Reply.of(200, GRANT);
        });
    stored(OLD);
    TokenKeeper keeper = keeper();
    long expired = OLD.expiresAtMillis() + 1;

    List<Future<String>> refresher = callConcurrently(1, keeper, expired);
    server.awaitRequests(1, WAIT);
    keeper.forget(); // the user opted out while the refresh was under way
    release.countDown();

    assertThat(refresher.get(0).get(10, TimeUnit.SECONDS)).isNull();
    assertThat(store.secrets).isEmpty();
    assertThat(keeper.accessToken(expired)).isNull();
    assertThat(keeper.credentials()).isNull();
    assertThat(revocations).hasValue(0);
  }

  @Test
  void credentialsAdoptedDuringARefusedRefreshAreKept() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    start(
        r -> {
          await(release);
          return Reply.of(400, INVALID_GRANT);
        });
    stored(OLD);
    TokenKeeper keeper = keeper();
    long expired = OLD.expiresAtMillis() + 1;
    Credentials again = new Credentials("in_2", "ua_2", "ur_2", expired + 3_600_000, "usage");

    List<Future<String>> refresher = callConcurrently(1, keeper, expired);
    server.awaitRequests(1, WAIT);
    keeper.adopt(again); // enrolled anew while the old refresh token was being refused
    release.countDown();

    assertThat(refresher.get(0).get(10, TimeUnit.SECONDS)).isEqualTo("ua_2");
    assertThat(inStore()).isEqualTo(again);
    assertThat(keeper.revoked()).isFalse();
    assertThat(revocations).hasValue(0);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
