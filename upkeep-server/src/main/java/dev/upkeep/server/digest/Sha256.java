package dev.upkeep.server.digest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256 (FIPS 180-4), the server's one way to make it: of bytes, of a text's UTF-8 bytes, or a
 * new {@link MessageDigest} to feed in parts. Every JDK has SHA-256; its absence is an {@link
 * IllegalStateException}. The static methods are stateless and thread-safe; a digest from {@link
 * #newDigest()} is not.
 */
public final class Sha256 {
  /** Length of a digest in bytes: {@value}. */
  public static final int LENGTH = 32;

  private Sha256() {}

  /** The 32-byte digest of {@code bytes}. */
  public static byte[] of(byte[] bytes) {
    return newDigest().digest(bytes);
  }

  /** The 32-byte digest of the UTF-8 bytes of {@code text}. */
  public static byte[] ofUtf8(String text) {
    return of(text.getBytes(StandardCharsets.UTF_8));
  }

  /** A new SHA-256 {@link MessageDigest}, for input fed in parts; not thread-safe. */
  public static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}
