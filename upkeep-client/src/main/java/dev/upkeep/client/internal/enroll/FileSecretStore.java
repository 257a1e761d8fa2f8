package dev.upkeep.client.internal.enroll;

import dev.upkeep.client.SecretStore;
import dev.upkeep.client.internal.Digests;
import dev.upkeep.client.internal.Log;
import dev.upkeep.client.internal.PrivateFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The default {@link SecretStore}: one file per key, {@code <dir>/credentials-<key>.json}.
 *
 * <p>On POSIX file systems a missing {@code dir} is created with mode 0700 (an existing one is left
 * as it is) and each file is created as a temporary file with mode 0600 from its creation (the mode
 * is an attribute of the create call, not a later chmod), written, then renamed over the old file
 * atomically; a reader sees the old or the new secret. Other file systems (Windows): the same steps
 * without modes, relying on the user profile's ACLs.
 *
 * <p>A key of up to {@value #MAX_KEY} characters of {@code [A-Za-z0-9._-]} (not starting with a
 * dot) is used as it is; any other key is replaced by the first 32 hex digits of its SHA-256.
 * Secrets larger than {@value #MAX_SECRET} bytes are neither stored nor loaded.
 *
 * <p>Never throws (failures are logged at DEBUG and reported by the return value). Thread-safe
 * within one JVM; between processes the atomic rename means the last writer wins.
 */
public final class FileSecretStore implements SecretStore {
  /** Longest key used as a file name as it is: {@value}. */
  static final int MAX_KEY = 64;

  /** Largest secret stored or loaded, in bytes: {@value}. */
  static final int MAX_SECRET = 64 * 1024;

  private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}");

  private final Path dir;

  /**
   * @param dir the directory holding the credential files; created on first save
   */
  public FileSecretStore(Path dir) {
    this.dir = dir;
  }

  /** The file that holds {@code key}'s secret. */
  public Path file(String key) {
    return dir.resolve("credentials-" + fileKey(key) + ".json");
  }

  @Override
  public synchronized String load(String key) {
    try {
      Path file = file(key);
      if (!Files.isRegularFile(file)) {
        return null;
      }
      try (InputStream in = Files.newInputStream(file)) {
        byte[] bytes = in.readNBytes(MAX_SECRET + 1);
        if (bytes.length > MAX_SECRET) {
          Log.debug(file + " is larger than " + MAX_SECRET + " bytes; ignored");
          return null;
        }
        return new String(bytes, StandardCharsets.UTF_8);
      }
    } catch (IOException | RuntimeException e) {
      Log.debug("cannot read the credentials of " + key + " in " + dir + ": " + e);
      return null;
    }
  }

  @Override
  public synchronized boolean save(String key, String secret) {
    try {
      byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
      if (bytes.length > MAX_SECRET) {
        Log.debug("secret for " + key + " is larger than " + MAX_SECRET + " bytes");
        return false;
      }
      PrivateFiles.write(file(key), bytes);
      return true;
    } catch (IOException | RuntimeException e) {
      Log.debug("cannot store the credentials of " + key + " in " + dir + ": " + e);
      return false;
    }
  }

  @Override
  public synchronized void delete(String key) {
    try {
      Files.deleteIfExists(file(key));
    } catch (IOException | RuntimeException e) {
      Log.debug("cannot delete the credentials of " + key + " in " + dir + ": " + e);
    }
  }

  @Override
  public String name() {
    return "file " + dir;
  }

  /** {@code key} if it is a plain file-name key, else the first 32 hex digits of its SHA-256. */
  static String fileKey(String key) {
    if (PLAIN_KEY.matcher(key).matches()) {
      return key;
    }
    return Digests.sha256Hex(key, 16);
  }
}
