package dev.upkeep.client;

/**
 * Where an enrolled install keeps its credentials (install id and OAuth tokens, as one JSON text):
 * a service provider interface. The client picks the first implementation found by {@link
 * java.util.ServiceLoader} whose {@link #usable()} says true, and otherwise keeps credentials in a
 * file of mode 0600 in its config directory. The optional {@code upkeep-client-keyring} artifact
 * provides one backed by the operating system's keyring (macOS Keychain, Windows Credential
 * Manager, the freedesktop Secret Service).
 *
 * <p><b>Who calls it.</b> The client's sender thread (never the application's calling thread), and
 * the thread that runs an enrollment; at most a few calls per token lifetime (load once, save after
 * enrollment and after each token refresh, delete when the server revokes the install). Calls may
 * block for a short while (file or IPC I/O), but should be bounded: a store that may hang (e.g. a
 * keyring that prompts for a password) must time out and fail instead.
 *
 * <p><b>Thread safety.</b> Implementations must be thread-safe: the calls above can come from
 * different threads, and several clients in one JVM may share a store (keys tell them apart).
 *
 * <p><b>Errors.</b> No method may throw: a failure is reported by the return value (null, false)
 * and logged by the store. An implementation that throws anyway is treated as if it had failed.
 *
 * <p>Keys are short ASCII names chosen by the client (letters, digits, {@code . _ -}), one per
 * endpoint and project; secrets are UTF-8 text of at most a few kilobytes.
 *
 * <p>Implementations registered for {@link java.util.ServiceLoader} need a public no-argument
 * constructor.
 */
public interface SecretStore {

  /**
   * The secret stored under {@code key}.
   *
   * @return the secret, or null if none is stored or it cannot be read
   */
  String load(String key);

  /**
   * Stores {@code secret} under {@code key}, replacing any earlier one; atomically if the store can
   * (a reader sees the old or the new secret, never a mix).
   *
   * @return whether the secret was stored
   */
  boolean save(String key, String secret);

  /** Deletes the secret stored under {@code key}, if any. Never throws. */
  void delete(String key);

  /**
   * Whether this store works here: e.g. false for a keyring store on a machine without a keyring
   * service. Called once, when the client chooses its store; may take a moment (bounded by the
   * implementation). The default is true.
   */
  default boolean usable() {
    return true;
  }

  /** A short name for status output, e.g. {@code "file"} or {@code "keyring"}. */
  default String name() {
    return getClass().getSimpleName();
  }
}
