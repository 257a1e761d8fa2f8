package dev.upkeep.client.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The client's one SHA-256 helper, and short, stable names made from text: the start of its
 * SHA-256. Stateless, thread-safe.
 */
public final class Digests {
  private Digests() {}

  /**
   * The first {@code bytes} bytes of the SHA-256 of {@code text}'s UTF-8, as lowercase hex ({@code
   * 2 × bytes} characters).
   */
  public static String sha256Hex(String text, int bytes) {
    byte[] d = sha256(text.getBytes(StandardCharsets.UTF_8));
    StringBuilder hex = new StringBuilder(2 * bytes);
    for (int i = 0; i < bytes; i++) {
      hex.append(Character.forDigit((d[i] >> 4) & 0xf, 16))
          .append(Character.forDigit(d[i] & 0xf, 16));
    }
    return hex.toString();
  }

  /** The SHA-256 of {@code data} (32 bytes). */
  public static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
