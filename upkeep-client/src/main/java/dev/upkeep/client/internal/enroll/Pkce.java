package dev.upkeep.client.internal.enroll;

import dev.upkeep.client.internal.Digests;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;

/**
 * One authorization request's secrets for OAuth 2.0 PKCE (RFC 7636) with the {@code S256} method:
 * the code verifier, its challenge and the {@code state} that ties the browser's answer to this
 * request (RFC 6749 section 10.12).
 *
 * <ul>
 *   <li>verifier: 32 random bytes, base64url without padding: 43 characters of {@code
 *       [A-Za-z0-9_-]} (RFC 7636 section 4.1 allows 43 to 128)
 *   <li>challenge: {@code BASE64URL(SHA-256(ASCII(verifier)))} without padding, 43 characters
 *       (section 4.2)
 *   <li>state: 32 more random bytes in the same form, independent of the verifier
 * </ul>
 *
 * <p>Immutable, thread-safe. {@link #toString()} shows none of the secrets.
 */
final class Pkce {
  /** The only challenge method used: {@value}. */
  static final String METHOD = "S256";

  /** Random bytes in a verifier and in a state: {@value}. */
  static final int RANDOM_BYTES = 32;

  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private final String verifier;
  private final String challenge;
  private final String state;

  private Pkce(String verifier, String state) {
    this.verifier = verifier;
    this.challenge = challenge(verifier);
    this.state = state;
  }

  /** A fresh verifier, challenge and state from {@code random} (a {@link SecureRandom}). */
  static Pkce create(SecureRandom random) {
    return new Pkce(randomToken(random), randomToken(random));
  }

  /** A fresh verifier, challenge and state from a new {@link SecureRandom}. */
  static Pkce create() {
    return create(new SecureRandom());
  }

  /** The code verifier, sent only to the token endpoint. */
  String verifier() {
    return verifier;
  }

  /** The S256 code challenge of {@link #verifier()}, sent in the authorization URL. */
  String challenge() {
    return challenge;
  }

  /** The {@code state} value the callback must echo. */
  String state() {
    return state;
  }

  /**
   * {@code BASE64URL(SHA-256(ASCII(verifier)))} without padding (RFC 7636 section 4.2).
   *
   * <pre>{@code
   * challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")
   *     -> "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
   * }</pre>
   *
   * @throws NullPointerException if {@code verifier} is null
   */
  static String challenge(String verifier) {
    Objects.requireNonNull(verifier, "verifier");
    return BASE64URL.encodeToString(Digests.sha256(verifier.getBytes(StandardCharsets.US_ASCII)));
  }

  /** {@value #RANDOM_BYTES} random bytes as base64url without padding (43 characters). */
  static String randomToken(SecureRandom random) {
    byte[] bytes = new byte[RANDOM_BYTES];
    random.nextBytes(bytes);
    return BASE64URL.encodeToString(bytes);
  }

  @Override
  public String toString() {
    return "Pkce[method=" + METHOD + "]";
  }
}
