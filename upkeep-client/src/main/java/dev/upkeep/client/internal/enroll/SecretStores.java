package dev.upkeep.client.internal.enroll;

import dev.upkeep.client.SecretStore;
import dev.upkeep.client.internal.Log;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Chooses the {@link SecretStore} of a client: the first one {@link ServiceLoader} finds (module
 * path {@code provides}, or {@code META-INF/services/dev.upkeep.client.SecretStore} on the class
 * path) whose {@link SecretStore#usable()} says true, else a {@link FileSecretStore} in a given
 * directory. Adding {@code upkeep-client-keyring} to an application is thus enough to keep
 * credentials in the OS keyring where there is one.
 *
 * <p>A provider that cannot be loaded or instantiated, throws, or fails to link (e.g. a keyring
 * artifact whose own dependencies are missing) is skipped and logged at DEBUG. Never throws.
 * Stateless, thread-safe; does I/O (providers probe their backends): call it from the sender thread
 * or an enrollment, not the application's calling thread.
 */
public final class SecretStores {
  /** Providers tried at most, a guard against a loader that keeps failing: {@value}. */
  static final int MAX_PROVIDERS = 16;

  private SecretStores() {}

  /**
   * The first usable store found by {@link ServiceLoader}, else {@code new FileSecretStore(dir)}.
   *
   * @param dir the directory of the fallback file store, e.g. the client's config directory
   */
  public static SecretStore find(Path dir) {
    Iterable<SecretStore> providers;
    try {
      providers = ServiceLoader.load(SecretStore.class);
    } catch (ServiceConfigurationError | RuntimeException e) {
      Log.debug("cannot look for secret stores: " + e);
      providers = java.util.List.of();
    }
    return find(dir, providers);
  }

  /**
   * A store that runs {@link #find(Path)} on its first use, so building a client never waits on a
   * keyring probe; thread-safe.
   */
  public static SecretStore lazy(Path dir) {
    return new SecretStore() {
      private volatile SecretStore chosen;

      private SecretStore chosen() {
        SecretStore s = chosen;
        if (s == null) {
          synchronized (this) {
            if (chosen == null) {
              chosen = find(dir);
            }
            s = chosen;
          }
        }
        return s;
      }

      @Override
      public String load(String key) {
        return chosen().load(key);
      }

      @Override
      public boolean save(String key, String secret) {
        return chosen().save(key, secret);
      }

      @Override
      public void delete(String key) {
        chosen().delete(key);
      }

      @Override
      public String name() {
        return chosen().name();
      }
    };
  }

  /** The first usable store of {@code candidates}, else {@code new FileSecretStore(dir)}. */
  static SecretStore find(Path dir, Iterable<SecretStore> candidates) {
    try {
      Iterator<SecretStore> it = candidates.iterator();
      for (int tried = 0; tried < MAX_PROVIDERS; tried++) {
        SecretStore store;
        try {
          if (!it.hasNext()) {
            break;
          }
          store = it.next();
        } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
          Log.debug("skipping a secret store that cannot be loaded: " + e);
          continue;
        }
        if (usable(store)) {
          if (Log.debugging()) {
            Log.debug("credentials are kept by " + describe(store));
          }
          return store;
        }
      }
    } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
      Log.debug("cannot look for secret stores: " + e);
    }
    return new FileSecretStore(dir);
  }

  private static boolean usable(SecretStore store) {
    try {
      boolean usable = store.usable();
      if (!usable) {
        if (Log.debugging()) {
          Log.debug(describe(store) + " is not usable here");
        }
      }
      return usable;
    } catch (RuntimeException | LinkageError e) {
      Log.debug("skipping secret store " + store.getClass().getName() + ": " + e);
      return false;
    }
  }

  private static String describe(SecretStore store) {
    try {
      return store.name();
    } catch (RuntimeException | LinkageError e) {
      return store.getClass().getName();
    }
  }
}
