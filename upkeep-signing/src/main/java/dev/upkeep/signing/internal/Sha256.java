package dev.upkeep.signing.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256 (FIPS 180-4), this module's one way to make it: of bytes, or a new {@link MessageDigest}
 * to feed in parts. Every JDK has SHA-256; its absence is an {@link IllegalStateException}. The
 * static methods are stateless and thread-safe; a digest from {@link #newDigest()} is not.
 */
public final class Sha256 {
  private Sha256() {}

  /** The 32-byte digest of {@code bytes}. */
  public static byte[] of(byte[] bytes) {
    return newDigest().digest(bytes);
  }

  /** A new SHA-256 {@link MessageDigest}, for input fed in parts; not thread-safe. */
  public static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK always has SHA-256", e);
    }
  }
}
