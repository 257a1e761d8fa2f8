package dev.upkeep.client.keyring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upkeep.client.SecretStore;
import dev.upkeep.client.internal.enroll.FileSecretStore;
import dev.upkeep.client.internal.enroll.SecretStores;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

class KeyringSecretStoreTest {
  @TempDir Path tmp;

  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void releaseHangingBackends() {
    release.countDown();
  }

  /** A keyring in memory that counts how often it was opened and closed. */
  private static final class MemoryKeyring {
    final Map<String, String> entries = new ConcurrentHashMap<>();
    final AtomicInteger opened = new AtomicInteger();
    final AtomicInteger closed = new AtomicInteger();

    KeyringSecretStore.Backend open() {
      opened.incrementAndGet();
      return new KeyringSecretStore.Backend() {
        @Override
        public String get(String service, String account) {
          return entries.get(service + "/" + account);
        }

        @Override
        public void set(String service, String account, String secret) {
          entries.put(service + "/" + account, secret);
        }

        @Override
        public void delete(String service, String account) {
          entries.remove(service + "/" + account);
        }

        @Override
        public void close() {
          closed.incrementAndGet();
        }
      };
    }
  }

  /** True where no freedesktop Secret Service can be reached: Linux without a session bus. */
  static boolean noSessionBus() {
    String bus = System.getenv("DBUS_SESSION_BUS_ADDRESS");
    return bus == null || bus.isBlank();
  }

  @Test
  void serviceLoaderFindsTheKeyringStore() {
    List<Class<?>> providers =
        ServiceLoader.load(SecretStore.class).stream()
            .map(ServiceLoader.Provider::type)
            .collect(Collectors.toList());

    assertThat(providers).contains(KeyringSecretStore.class);
  }

  @Test
  @EnabledOnOs(OS.LINUX)
  @EnabledIf("noSessionBus")
  void withoutASecretServiceTheFileStoreIsChosen() {
    KeyringSecretStore keyring = new KeyringSecretStore();

    long start = System.nanoTime();
    boolean usable = keyring.usable();
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(usable).as(keyring.problem()).isFalse();
    assertThat(took)
        .isLessThan(Duration.ofMillis(KeyringSecretStore.DEFAULT_PROBE_TIMEOUT_MILLIS + 1_000));
    assertThat(keyring.load("k")).isNull();
    assertThat(keyring.save("k", "secret")).isFalse();
    keyring.delete("k");

    SecretStore chosen = SecretStores.find(tmp);

    assertThat(chosen).isInstanceOf(FileSecretStore.class);
    assertThat(chosen.save("k", "secret")).isTrue();
    assertThat(chosen.load("k")).isEqualTo("secret");
    assertThat(((FileSecretStore) chosen).file("k")).exists();
  }

  @Test
  void theChoiceFollowsWhetherAKeyringWorksHere() {
    boolean usable = new KeyringSecretStore().usable();

    SecretStore chosen = SecretStores.find(tmp);

    assertThat(chosen).isInstanceOf(usable ? KeyringSecretStore.class : FileSecretStore.class);
  }

  @Test
  void roundTripUnderTheUpkeepServiceOpeningAndClosingEachTime() {
    MemoryKeyring os = new MemoryKeyring();
    KeyringSecretStore store = new KeyringSecretStore(os::open, 2_000, 2_000);

    assertThat(store.usable()).isTrue();
    assertThat(store.name()).isEqualTo("keyring");
    assertThat(store.load("k")).isNull();
    assertThat(store.save("k", "{\"a\":1}")).isTrue();
    assertThat(store.load("k")).isEqualTo("{\"a\":1}");
    assertThat(os.entries).containsOnlyKeys(KeyringSecretStore.SERVICE + "/k");
    store.delete("k");
    assertThat(store.load("k")).isNull();

    assertThat(os.opened.get()).isEqualTo(os.closed.get()).isEqualTo(6);
  }

  @Test
  void anOpenerThatFailsOrCannotLinkMakesItUnusable() {
    KeyringSecretStore failing =
        new KeyringSecretStore(
            () -> {
              throw new IllegalStateException("No available keyring backend found");
            },
            2_000,
            2_000);
    KeyringSecretStore unlinked =
        new KeyringSecretStore(
            () -> {
              throw new NoClassDefFoundError("org/freedesktop/dbus/exceptions/DBusException");
            },
            2_000,
            2_000);

    assertThat(failing.usable()).isFalse();
    assertThat(failing.problem()).contains("No available keyring backend found");
    assertThat(unlinked.usable()).isFalse();
    assertThat(unlinked.problem()).contains("NoClassDefFoundError");
    assertThat(SecretStores.find(tmp)).isNotSameAs(failing);
  }

  @Test
  void aKeyringThatNeverOpensIsGivenUpAfterTheProbeTimeout() {
    KeyringSecretStore hanging =
        new KeyringSecretStore(
            () -> {
              release.await(30, TimeUnit.SECONDS);
              throw new IllegalStateException("late");
            },
            200,
            200);

    long start = System.nanoTime();
    assertThat(hanging.usable()).isFalse();
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(took).isBetween(Duration.ofMillis(150), Duration.ofSeconds(5));
    assertThat(hanging.problem()).contains("no answer within 200 ms");
    assertThat(hanging.load("k")).isNull();
  }

  @Test
  void aCallThatHangsFailsAndTheStoreIsNotWaitedForAgain() {
    MemoryKeyring os = new MemoryKeyring();
    AtomicInteger opens = new AtomicInteger();
    KeyringSecretStore store =
        new KeyringSecretStore(
            () -> {
              if (opens.incrementAndGet() > 1) {
                release.await(30, TimeUnit.SECONDS); // a locked keyring prompting for a password
              }
              return os.open();
            },
            2_000,
            200);
    assertThat(store.usable()).isTrue();

    long start = System.nanoTime();
    assertThat(store.save("k", "s")).isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));

    assertThat(store.usable()).isFalse();
    assertThat(store.load("k")).isNull();
    assertThat(opens).hasValue(2);
  }

  @Test
  void backendFailuresAreReportedNotThrown() {
    KeyringSecretStore.Backend broken =
        new KeyringSecretStore.Backend() {
          @Override
          public String get(String service, String account) throws Exception {
            throw new Exception("access denied");
          }

          @Override
          public void set(String service, String account, String secret) throws Exception {
            throw new Exception("access denied");
          }

          @Override
          public void delete(String service, String account) throws Exception {
            throw new Exception("access denied");
          }

          @Override
          public void close() {}
        };
    KeyringSecretStore store = new KeyringSecretStore(() -> broken, 2_000, 2_000);

    assertThat(store.usable()).isTrue();
    assertThat(store.load("k")).isNull();
    assertThat(store.save("k", "s")).isFalse();
    store.delete("k");
    assertThat(store.problem()).contains("access denied");
    assertThat(store.usable()).isTrue();
  }
}
