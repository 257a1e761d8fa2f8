package dev.upkeep.cli.release;

import dev.upkeep.client.SecretStore;
import dev.upkeep.client.keyring.KeyringSecretStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Function;

/**
 * Passwords and tokens of archives, as {@code upkeep login} keeps them: in the OS keyring under
 * service {@code rme+<host>} with the user as account — where rmellipse keeps the CDCS passwords it
 * prompted for, so both tools share them — and {@value #TOKEN_ACCOUNT} as the account of a token
 * (as twine and keyring do for API tokens). Where there is no keyring (a headless server) they go
 * to a file only its owner can read ({@code 0600}, written to a temporary file and renamed), {@code
 * $XDG_CONFIG_HOME/upkeep/archive-credentials}. A credential given by {@code --token} or the
 * environment is never written by anything here. Thread-safe as its stores.
 */
final class ArchiveCredentials {
  /** The account a token is kept under: {@value}. */
  static final String TOKEN_ACCOUNT = "__token__";

  private final Function<String, SecretStore> keyrings;
  private final Path file;

  /**
   * @param keyrings the keyring store of a service ({@code rme+<host>})
   * @param file the fallback file
   */
  ArchiveCredentials(Function<String, SecretStore> keyrings, Path file) {
    this.keyrings = keyrings;
    this.file = file;
  }

  /** The environment variable that keeps the keyring out, {@code off}: {@value}. */
  static final String KEYRING_VARIABLE = "UPKEEP_KEYRING";

  /**
   * The OS keyring (unless {@value #KEYRING_VARIABLE} is {@code off}), and the fallback file in the
   * configuration directory.
   */
  static ArchiveCredentials standard(Map<String, String> environment) {
    Function<String, SecretStore> keyrings =
        "off".equalsIgnoreCase(environment.get(KEYRING_VARIABLE))
            ? service -> NO_KEYRING
            : KeyringSecretStore::new;
    return new ArchiveCredentials(
        keyrings, ConfigHome.of(environment).resolve("upkeep").resolve("archive-credentials"));
  }

  private static final SecretStore NO_KEYRING =
      new SecretStore() {
        @Override
        public boolean usable() {
          return false;
        }

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
      };

  static String service(String host) {
    return "rme+" + host;
  }

  /** The stored secret of {@code account} at {@code host}: the keyring's, else the file's. */
  Optional<String> find(String host, String account) throws IOException {
    SecretStore keyring = keyrings.apply(service(host));
    if (keyring.usable()) {
      String secret = keyring.load(account);
      if (secret != null) {
        return Optional.of(secret);
      }
    }
    return Optional.ofNullable(read().getProperty(key(host, account)));
  }

  /**
   * Stores a secret, in the keyring when there is one, else in the file.
   *
   * @return where it went, for the user: {@code the keyring (service rme+host, account user)} or
   *     the file
   */
  String save(String host, String account, String secret) throws IOException {
    SecretStore keyring = keyrings.apply(service(host));
    if (keyring.usable() && keyring.save(account, secret)) {
      remove(host, account);
      return "the keyring (service " + service(host) + ", account " + account + ")";
    }
    Properties all = read();
    all.setProperty(key(host, account), secret);
    write(all);
    return file + " (readable by you only; no keyring here)";
  }

  /** Deletes a stored secret from the keyring and the file; whether there was one. */
  boolean delete(String host, String account) throws IOException {
    SecretStore keyring = keyrings.apply(service(host));
    boolean had = false;
    if (keyring.usable()) {
      had = keyring.load(account) != null;
      keyring.delete(account);
    }
    return remove(host, account) || had;
  }

  private boolean remove(String host, String account) throws IOException {
    Properties all = read();
    if (all.remove(key(host, account)) == null) {
      return false;
    }
    write(all);
    return true;
  }

  private static String key(String host, String account) {
    return service(host) + " " + account;
  }

  private Properties read() throws IOException {
    Properties p = new Properties();
    if (Files.isRegularFile(file)) {
      try (InputStream in = Files.newInputStream(file)) {
        p.load(in);
      }
    }
    return p;
  }

  private void write(Properties all) throws IOException {
    Files.createDirectories(file.getParent());
    Path temp = file.resolveSibling("." + file.getFileName() + "." + UUID.randomUUID());
    try {
      Files.createFile(
          temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(temp); // not POSIX: the user's profile directory protects it
    }
    try {
      try (OutputStream out = Files.newOutputStream(temp)) {
        all.store(out, "upkeep login: archive credentials (service account = secret)");
      }
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
