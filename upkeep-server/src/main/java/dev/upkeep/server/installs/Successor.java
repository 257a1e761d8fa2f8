package dev.upkeep.server.installs;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals the new access and refresh token a refresh token was exchanged for, so that the same pair
 * can be handed out again within the refresh grace period although the store keeps only hashes.
 *
 * <p>AES-256-GCM under a key that is {@code HMAC-SHA256(raw refresh token, "upkeep refresh
 * successor v1")}: the store holds the token's SHA-256 and this ciphertext, neither of which yields
 * the key, so a copy of the database cannot open it; only a caller presenting the used refresh
 * token can, and that caller is who the pair was issued to. Format: URL-safe Base64 of a 12-byte
 * random IV followed by the ciphertext and tag of {@code access + "\n" + refresh}. Stateless,
 * thread-safe.
 */
final class Successor {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final byte[] LABEL =
      "upkeep refresh successor v1".getBytes(StandardCharsets.US_ASCII);

  private Successor() {}

  /** The raw tokens of a pair. */
  record Pair(String access, String refresh) {}

  /** {@code pair} sealed under the key of {@code usedRefreshToken}. */
  static String seal(String usedRefreshToken, Pair pair) {
    try {
      byte[] iv = new byte[12];
      RANDOM.nextBytes(iv);
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, key(usedRefreshToken), new GCMParameterSpec(128, iv));
      byte[] sealed =
          c.doFinal((pair.access() + "\n" + pair.refresh()).getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(ByteBuffer.allocate(12 + sealed.length).put(iv).put(sealed).array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is missing from this JDK", e);
    }
  }

  /**
   * Opens what {@link #seal} made with the same refresh token.
   *
   * @throws IllegalArgumentException when it was sealed under another token or was altered
   */
  static Pair open(String usedRefreshToken, String sealed) {
    try {
      byte[] all = Base64.getUrlDecoder().decode(sealed);
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, key(usedRefreshToken), new GCMParameterSpec(128, all, 0, 12));
      String text = new String(c.doFinal(all, 12, all.length - 12), StandardCharsets.US_ASCII);
      int nl = text.indexOf('\n');
      return new Pair(text.substring(0, nl), text.substring(nl + 1));
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new IllegalArgumentException("the successor does not open with this refresh token", e);
    }
  }

  private static SecretKeySpec key(String refreshToken) throws GeneralSecurityException {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(refreshToken.getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
    return new SecretKeySpec(mac.doFinal(LABEL), "AES");
  }
}
