package dev.upkeep.server.auth;

import dev.upkeep.server.digest.Sha256;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Raw API tokens and their stored hashes.
 *
 * <p>A raw token is {@code m_} followed by 43 URL-safe Base64 characters (32 random bytes), the
 * form migas-server issues. Only its SHA-256 is stored: tokens carry 256 bits of entropy, so a fast
 * hash is as safe as a slow one and keeps every authenticated request cheap. Thread-safe.
 */
public final class Tokens {
  /** Prefix of every raw token: {@value}. */
  public static final String PREFIX = "m_";

  /** Characters of a raw token kept in listings to recognise it: {@value}. */
  public static final int SHOWN_PREFIX_LENGTH = 8;

  private static final SecureRandom RANDOM = new SecureRandom();

  private Tokens() {}

  /** A new random raw token. */
  public static String generate() {
    return generate(PREFIX, 32);
  }

  /**
   * A new random value: {@code prefix} followed by {@code randomBytes} bytes from a {@link
   * SecureRandom} in URL-safe Base64 without padding (32 bytes give 43 characters, 16 give 22).
   */
  public static String generate(String prefix, int randomBytes) {
    byte[] bytes = new byte[randomBytes];
    RANDOM.nextBytes(bytes);
    return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Lowercase hex SHA-256 of the raw token's UTF-8 bytes. */
  public static String hash(String raw) {
    return HexFormat.of().formatHex(Sha256.ofUtf8(raw));
  }

  /** The part of a raw token shown in listings. */
  public static String shownPrefix(String raw) {
    return raw.substring(0, Math.min(SHOWN_PREFIX_LENGTH, raw.length()));
  }
}
