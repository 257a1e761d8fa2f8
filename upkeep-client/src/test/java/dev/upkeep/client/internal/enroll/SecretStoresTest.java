package dev.upkeep.client.internal.enroll;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upkeep.client.SecretStore;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.ServiceConfigurationError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretStoresTest {
  @TempDir Path tmp;

  /** A provider with a fixed answer to {@link #usable()}. */
  private static final class Candidate extends NullStore {
    private final boolean usable;

    Candidate(boolean usable) {
      this.usable = usable;
    }

    @Override
    public boolean usable() {
      return usable;
    }
  }

  private static class NullStore implements SecretStore {
    @Override
    public String load(String key) {
      return null;
    }

    @Override
    public boolean save(String key, String secret) {
      return false;
    }

    @Override
    public void delete(String key) {}
  }

  @Test
  void withoutProvidersTheFileStoreIsUsed() {
    SecretStore store = SecretStores.find(tmp);

    assertThat(store).isInstanceOf(FileSecretStore.class);
    assertThat(((FileSecretStore) store).file("k").getParent()).isEqualTo(tmp);
    assertThat(store.name()).isEqualTo("file " + tmp);
  }

  @Test
  void theFirstUsableProviderWins() {
    Candidate unusable = new Candidate(false);
    Candidate first = new Candidate(true);
    Candidate second = new Candidate(true);

    assertThat(SecretStores.find(tmp, List.of(unusable, first, second))).isSameAs(first);
  }

  @Test
  void unusableProvidersFallBackToTheFileStore() {
    assertThat(SecretStores.find(tmp, List.of(new Candidate(false))))
        .isInstanceOf(FileSecretStore.class);
  }

  @Test
  void providersThatThrowOrFailToLinkAreSkipped() {
    SecretStore throwing =
        new NullStore() {
          @Override
          public boolean usable() {
            throw new IllegalStateException("no keyring daemon");
          }
        };
    SecretStore unlinked =
        new NullStore() {
          @Override
          public boolean usable() {
            throw new NoClassDefFoundError("com/github/javakeyring/Keyring");
          }
        };
    Candidate good = new Candidate(true);

    assertThat(SecretStores.find(tmp, List.of(throwing, unlinked, good))).isSameAs(good);
  }

  @Test
  void aLoaderThatFailsOnSomeProvidersStillYieldsTheOthers() {
    Candidate good = new Candidate(true);
    Iterable<SecretStore> loader =
        () ->
            new Iterator<>() {
              int i;

              @Override
              public boolean hasNext() {
                return i < 2;
              }

              @Override
              public SecretStore next() {
                if (i++ == 0) {
                  throw new ServiceConfigurationError("provider class not found");
                }
                return good;
              }
            };

    assertThat(SecretStores.find(tmp, loader)).isSameAs(good);
  }

  @Test
  void aLoaderThatKeepsFailingIsGivenUp() {
    Iterable<SecretStore> broken =
        () ->
            new Iterator<>() {
              @Override
              public boolean hasNext() {
                return true;
              }

              @Override
              public SecretStore next() {
                throw new NoSuchElementException("always");
              }
            };

    assertThat(SecretStores.find(tmp, broken)).isInstanceOf(FileSecretStore.class);
  }
}
