package dev.upkeep.server.limits;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keys of the limits' counters: a keyed hash (HMAC-SHA256, truncated to 128 bits, URL-safe
 * Base64) of what is counted, so that no client address is ever held by a store, shared or not.
 * Every collector sharing a database uses the same secret (from its {@code server_secrets} table,
 * name {@value #SECRET_NAME}), so they count the same address on the same key; without the secret a
 * key cannot be turned back into an address by trying every IPv4 address. Project keys are hashed
 * too, so that the databases of several deployments sharing one Redis never meet.
 *
 * <p>Keys are 24 ASCII characters: a letter naming the counter, {@code :}, 22 characters of hash.
 * Thread-safe.
 */
public final class LimitKeys {
  /** Name of the secret in the store's {@code server_secrets}: {@value}. */
  public static final String SECRET_NAME = "rate-limit-hmac";

  private static final int HASH_BYTES = 16;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Mac prototype;

  private LimitKeys(byte[] secret) {
    if (secret.length < 16) {
      throw new IllegalArgumentException(
          "the limits' HMAC secret must be at least 16 bytes, was " + secret.length);
    }
    try {
      prototype = Mac.getInstance("HmacSHA256");
      prototype.init(new SecretKeySpec(secret, "HmacSHA256"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
    }
  }

  /** Keys under a secret in URL-safe Base64, as {@code server_secrets} holds it. */
  public static LimitKeys fromSecret(String base64) {
    return new LimitKeys(Base64.getUrlDecoder().decode(base64));
  }

  /** A new random secret in URL-safe Base64 (256 bits), to offer {@code server_secrets}. */
  public static String newSecret() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** Keys under a random secret: a collector counting alone, tests. */
  public static LimitKeys random() {
    return fromSecret(newSecret());
  }

  /** The key of a client address's request window. */
  public String requests(String address) {
    return hash('r', address);
  }

  /** The key of a client address's event bucket. */
  public String clientEvents(String address) {
    return hash('c', address);
  }

  /** The key of a project's event bucket. */
  public String projectEvents(long projectId) {
    return hash('p', Long.toString(projectId));
  }

  /** The key of a project's daily cap. */
  public String projectDay(long projectId) {
    return hash('d', Long.toString(projectId));
  }

  private String hash(char kind, String value) {
    Mac mac;
    try {
      mac = (Mac) prototype.clone();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("this JDK's HmacSHA256 cannot be cloned", e);
    }
    mac.update((byte) kind);
    byte[] h = mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
    return kind
        + ":"
        + Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(h, HASH_BYTES));
  }
}
