package dev.upkeep.client.keyring;

import com.github.javakeyring.Keyring;
import dev.upkeep.client.SecretStore;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@link SecretStore} in the operating system's keyring through <a
 * href="https://github.com/javakeyring/java-keyring">java-keyring</a>: macOS Keychain, Windows
 * Credential Manager, or the freedesktop Secret Service (GNOME Keyring, KWallet) over D-Bus.
 * Entries are stored under service {@value #SERVICE} with the client's key as the account name.
 *
 * <p>Registered for {@link java.util.ServiceLoader} in {@code
 * META-INF/services/dev.upkeep.client.SecretStore}: putting this jar (and java-keyring's) next to
 * {@code upkeep-client} is all it takes. {@link #usable()} opens the keyring once, within {@link
 * #DEFAULT_PROBE_TIMEOUT_MILLIS}; where there is none (a headless Linux box without a D-Bus session
 * or Secret Service daemon, a missing native library, java-keyring's own dependencies absent, a
 * Java too old for them) it says false and the client keeps its 0600 credentials file.
 *
 * <p>Each operation opens the keyring, does one thing, and closes it again (no D-Bus connection or
 * native handle stays open between the rare calls), on one daemon thread of this store, and gives
 * up after {@link #DEFAULT_CALL_TIMEOUT_MILLIS} (e.g. a locked keyring prompting for its password):
 * then the call fails, the thread is left to finish on its own, and the store reports itself
 * unusable from then on so no caller waits again.
 *
 * <p>Never throws (failures are reported by the return value). Thread-safe: calls run one at a
 * time. Requires a public no-argument constructor for {@code ServiceLoader}.
 */
public final class KeyringSecretStore implements SecretStore {
  /** The keyring service name of every entry: {@value}. */
  public static final String SERVICE = "dev.upkeep.client";

  /** How long {@link #usable()} waits for the keyring to open, in milliseconds: {@value}. */
  public static final long DEFAULT_PROBE_TIMEOUT_MILLIS = 3_000;

  /** How long one load, save or delete may take, in milliseconds: {@value}. */
  public static final long DEFAULT_CALL_TIMEOUT_MILLIS = 5_000;

  /** One open keyring; closed after each operation. */
  interface Backend extends AutoCloseable {
    /** The secret, or null if there is none. */
    String get(String service, String account) throws Exception;

    void set(String service, String account, String secret) throws Exception;

    void delete(String service, String account) throws Exception;

    /** Releases the backend; never throws. */
    @Override
    void close();
  }

  private final Callable<Backend> opener;
  private final String service;
  private final long probeTimeoutMillis;
  private final long callTimeoutMillis;
  private final ThreadPoolExecutor worker;
  private volatile Boolean usable; // null until probed
  private volatile String problem = "";

  /** A store on the default keyring of this platform, with the default timeouts. */
  public KeyringSecretStore() {
    this(SERVICE);
  }

  /**
   * A store whose entries are under another keyring service, e.g. {@code rme+cdcs.example} for the
   * credentials rmellipse and {@code upkeep login} share (the account is the key).
   */
  public KeyringSecretStore(String service) {
    this(
        KeyringSecretStore::openKeyring,
        service,
        DEFAULT_PROBE_TIMEOUT_MILLIS,
        DEFAULT_CALL_TIMEOUT_MILLIS);
  }

  KeyringSecretStore(Callable<Backend> opener, long probeTimeoutMillis, long callTimeoutMillis) {
    this(opener, SERVICE, probeTimeoutMillis, callTimeoutMillis);
  }

  KeyringSecretStore(
      Callable<Backend> opener, String service, long probeTimeoutMillis, long callTimeoutMillis) {
    this.opener = opener;
    this.service = service;
    this.probeTimeoutMillis = probeTimeoutMillis;
    this.callTimeoutMillis = callTimeoutMillis;
    this.worker =
        new ThreadPoolExecutor(
            0,
            1,
            10,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, "upkeep-keyring");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Whether a keyring backend opens here within {@link #DEFAULT_PROBE_TIMEOUT_MILLIS}; probed once,
   * then remembered (false also after any call timed out).
   */
  @Override
  public boolean usable() {
    Boolean known = usable;
    if (known != null) {
      return known;
    }
    synchronized (this) {
      if (usable == null) {
        Boolean opened =
            call(
                "open the keyring",
                () -> {
                  opener.call().close();
                  return Boolean.TRUE;
                },
                probeTimeoutMillis);
        usable = Boolean.TRUE.equals(opened);
      }
      return usable;
    }
  }

  @Override
  public String load(String key) {
    if (!usable()) {
      return null;
    }
    return call(
        "load " + key,
        () -> {
          try (Backend b = opener.call()) {
            return b.get(service, key);
          }
        },
        callTimeoutMillis);
  }

  @Override
  public boolean save(String key, String secret) {
    if (!usable()) {
      return false;
    }
    Boolean saved =
        call(
            "save " + key,
            () -> {
              try (Backend b = opener.call()) {
                b.set(service, key, secret);
                return Boolean.TRUE;
              }
            },
            callTimeoutMillis);
    return Boolean.TRUE.equals(saved);
  }

  @Override
  public void delete(String key) {
    if (!usable()) {
      return;
    }
    call(
        "delete " + key,
        () -> {
          try (Backend b = opener.call()) {
            b.delete(service, key);
            return Boolean.TRUE;
          }
        },
        callTimeoutMillis);
  }

  @Override
  public String name() {
    return "keyring";
  }

  /** Why the last call failed, or "" (for status output and tests). */
  String problem() {
    return problem;
  }

  /** Runs {@code task} on the worker within {@code timeoutMillis}; null on any failure. */
  private <T> T call(String what, Callable<T> task, long timeoutMillis) {
    Future<T> f;
    try {
      f = worker.submit(task);
    } catch (RuntimeException e) {
      return failed(what, e);
    }
    try {
      return f.get(timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      usable = Boolean.FALSE; // a keyring that hung once is not waited for again
      return failed(what, "no answer within " + timeoutMillis + " ms");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      f.cancel(true);
      return failed(what, "interrupted");
    } catch (ExecutionException e) {
      return failed(what, e.getCause());
    } catch (RuntimeException e) {
      return failed(what, e);
    }
  }

  private <T> T failed(String what, Object why) {
    String message = "cannot " + what + " in the OS keyring: " + why;
    problem = message;
    try {
      System.getLogger("dev.upkeep.client").log(System.Logger.Level.DEBUG, "upkeep: " + message);
    } catch (RuntimeException e) {
      // logging must never break the host
    }
    return null;
  }

  /** Opens java-keyring's default backend for this platform. */
  private static Backend openKeyring() throws Exception {
    Keyring keyring = Keyring.create();
    return new Backend() {
      @Override
      public String get(String service, String account) {
        try {
          return keyring.getPassword(service, account);
        } catch (Exception e) {
          return null; // java-keyring reports a missing entry as an exception
        }
      }

      @Override
      public void set(String service, String account, String secret) throws Exception {
        keyring.setPassword(service, account, secret);
      }

      @Override
      public void delete(String service, String account) {
        try {
          keyring.deletePassword(service, account);
        } catch (Exception e) {
          // nothing stored under this account, or it cannot be deleted: same result for callers
        }
      }

      @Override
      public void close() {
        try {
          keyring.close();
        } catch (Exception e) {
          // released as far as it goes
        }
      }
    };
  }
}
