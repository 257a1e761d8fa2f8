package dev.upkeep.client.internal.consent;

import dev.upkeep.client.internal.Log;
import dev.upkeep.client.internal.PrivateFiles;
import dev.upkeep.client.internal.env.ConfigDirs;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The stable pseudonymous user id, kept in {@code <configDir>/user_id} as migas-py keeps its id in
 * {@code ~/.config/migas/user_id}: one canonical lower-case UUID on one line, POSIX mode 0600.
 *
 * <p>A derived id is {@link #derive UUID version 3} in the DNS namespace of {@code user@host}, the
 * same id migas-py computes ({@code uuid.uuid3(uuid.NAMESPACE_DNS, f"{user}@{host}")}); a random id
 * is a version 4 UUID. Once the file holds a valid UUID that id is kept whatever the policy.
 *
 * <p>Does file I/O: call it from the sender thread. Methods never throw (failures give null or
 * false and a DEBUG log line). Thread-safe within one JVM; two processes creating the file at the
 * same instant may each return their own random id once, the last rename wins from then on (a
 * derived id is the same for both).
 */
public final class UserIds {
  /** The file name under the config directory. */
  public static final String FILE_NAME = "user_id";

  /** RFC 4122's DNS namespace, {@code 6ba7b810-9dad-11d1-80b4-00c04fd430c8}. */
  public static final UUID NAMESPACE_DNS = UUID.fromString("6ba7b810-9dad-11d1-80b4-00c04fd430c8");

  private static final Pattern UUID_TEXT =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|.*:.*");

  private final Path dir;
  private final Path file;

  /**
   * @param configDir the directory to hold {@value #FILE_NAME}, e.g. {@link
   *     ConfigDirs#configDir()}; null when no directory is known: then no id is kept ({@link
   *     #loadOrCreate} returns null)
   */
  public UserIds(Path configDir) {
    this.dir = configDir;
    this.file = configDir == null ? null : configDir.resolve(FILE_NAME);
  }

  /** The id file, {@code <configDir>/user_id}; null if constructed without a directory. */
  public Path file() {
    return file;
  }

  /**
   * Returns the id in the file if it holds a valid UUID, else makes one, stores it and returns it.
   * Missing parent directories are created with mode 0700 (as the XDG specification asks); the file
   * is written to a temporary file in the same directory, mode 0600 set before any content, then
   * renamed over {@code user_id} atomically (non-POSIX file systems: plain write and rename).
   *
   * @param derived true for {@link #derive(String, String)} of {@code user} and {@code host}, false
   *     for a random UUID
   * @param user user name, e.g. {@link #userName(Function)}; used only when {@code derived}
   * @param host host name, e.g. {@link #hostName(Map, Path)}; used only when {@code derived}
   * @return the lower-case UUID, or null if the file could not be read or written (never throws)
   */
  public String loadOrCreate(boolean derived, String user, String host) {
    return loadOrCreate(derived, user, host, () -> true);
  }

  /**
   * As {@link #loadOrCreate(boolean, String, String)}, only while {@code allowed} says so, asked
   * under the lock {@link #clear} takes: a caller that withdraws consent and then clears is never
   * followed by an id made from a consent check done before.
   *
   * @return the id, or null when not allowed
   */
  public synchronized String loadOrCreate(
      boolean derived, String user, String host, java.util.function.BooleanSupplier allowed) {
    if (file == null || !allowed.getAsBoolean()) {
      return null;
    }
    try {
      String existing = read();
      if (existing != null) {
        return existing;
      }
      String id = derived ? derive(user, host) : UUID.randomUUID().toString();
      write(id);
      return id;
    } catch (IOException | RuntimeException e) {
      Log.debug("cannot keep the user id in " + file + ": " + e);
      return null;
    }
  }

  /**
   * The id the file holds now, without making one.
   *
   * @return the lower-case UUID, or null when there is none or it cannot be read (never throws)
   */
  public synchronized String existing() {
    if (file == null) {
      return null;
    }
    try {
      return read();
    } catch (IOException | RuntimeException e) {
      Log.debug("cannot read the user id in " + file + ": " + e);
      return null;
    }
  }

  /**
   * Deletes the id file, as migas-py's {@code clear_user_id()}.
   *
   * @return whether a file existed and was deleted; false also when deleting failed
   */
  public synchronized boolean clear() {
    if (file == null) {
      return false;
    }
    try {
      return Files.deleteIfExists(file);
    } catch (IOException | RuntimeException e) {
      Log.debug("cannot delete " + file + ": " + e);
      return false;
    }
  }

  /**
   * The migas-py user id of {@code user@host}: UUID version 3 (MD5) in {@link #NAMESPACE_DNS}, the
   * name encoded as UTF-8. A null user or host counts as {@code "unknown"}.
   *
   * <pre>{@code derive("user", "host") -> "30ec3a04-91f5-3885-882e-921a9db25c6b"}</pre>
   */
  public static String derive(String user, String host) {
    String u = user == null ? "unknown" : user;
    String h = host == null ? "unknown" : host;
    return uuid3(NAMESPACE_DNS, u + "@" + h).toString();
  }

  static UUID uuid3(UUID namespace, String name) {
    byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
    byte[] bytes = new byte[16 + nameBytes.length];
    long msb = namespace.getMostSignificantBits();
    long lsb = namespace.getLeastSignificantBits();
    for (int i = 0; i < 8; i++) {
      bytes[i] = (byte) (msb >>> (56 - 8 * i));
      bytes[8 + i] = (byte) (lsb >>> (56 - 8 * i));
    }
    System.arraycopy(nameBytes, 0, bytes, 16, nameBytes.length);
    return UUID.nameUUIDFromBytes(bytes); // MD5, version 3, RFC 4122 variant
  }

  /** {@code user.name} (what Python's {@code getpass.getuser()} gives); "unknown" if unset. */
  public static String userName(Function<String, String> sysProp) {
    try {
      String name = sysProp.apply("user.name");
      return name == null || name.isBlank() ? "unknown" : name.trim();
    } catch (RuntimeException e) {
      return "unknown";
    }
  }

  /** {@link #hostName(Map, Path, Supplier)} with the real DNS lookup of the local host. */
  public static String hostName(Map<String, String> env, Path root) {
    return hostName(env, root, UserIds::canonicalLocalHostName);
  }

  /**
   * The host part of a derived id: the fully qualified domain name if one is known, else the host
   * name. The name is env {@code HOSTNAME}, else the first line of {@code <root>/etc/hostname}; if
   * it has no dot, {@code canonicalName} (DNS: {@code getCanonicalHostName()} of the local host,
   * which may block for seconds on a misconfigured resolver) is used when it is a dotted name
   * rather than an IP address; if nothing is known, {@code localhost}. Never throws.
   *
   * @param canonicalName the local host's canonical name; may return null or throw
   */
  public static String hostName(
      Map<String, String> env, Path root, Supplier<String> canonicalName) {
    String name = firstNonBlank(fromEnv(env), fromFile(root));
    if (name != null && name.contains(".")) {
      return name;
    }
    String fqdn;
    try {
      fqdn = canonicalName.get();
    } catch (RuntimeException e) {
      fqdn = null;
    }
    boolean isName = fqdn != null && !fqdn.isBlank() && !IP_LITERAL.matcher(fqdn.trim()).matches();
    if (isName && fqdn.contains(".")) {
      return fqdn.trim();
    }
    if (name != null) {
      return name;
    }
    return isName ? fqdn.trim() : "localhost";
  }

  private String read() throws IOException {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    String text = lines.isEmpty() ? "" : lines.get(0).trim();
    return UUID_TEXT.matcher(text).matches() ? text.toLowerCase(Locale.ROOT) : null;
  }

  private void write(String id) throws IOException {
    PrivateFiles.write(file, (id + "\n").getBytes(StandardCharsets.US_ASCII));
  }

  private static String fromEnv(Map<String, String> env) {
    try {
      return env == null ? null : env.get("HOSTNAME");
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static String fromFile(Path root) {
    if (root == null) {
      return null;
    }
    try {
      Path hostnameFile = root.resolve("etc/hostname");
      if (!Files.isRegularFile(hostnameFile)) {
        return null;
      }
      List<String> lines = Files.readAllLines(hostnameFile, StandardCharsets.UTF_8);
      return lines.isEmpty() ? null : lines.get(0);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static String canonicalLocalHostName() {
    try {
      return InetAddress.getLocalHost().getCanonicalHostName();
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static String firstNonBlank(String... values) {
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        return v.trim();
      }
    }
    return null;
  }
}
