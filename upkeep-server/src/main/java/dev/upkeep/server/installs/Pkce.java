package dev.upkeep.server.installs;

import dev.upkeep.server.digest.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Proof Key for Code Exchange with the {@code S256} method (RFC 7636 section 4): the challenge is
 * {@code BASE64URL-ENCODE(SHA256(ASCII(code_verifier)))} without padding. Stateless, thread-safe.
 */
public final class Pkce {
  /** The only challenge method accepted: {@value}. */
  public static final String METHOD = "S256";

  /** A code verifier: 43 to 128 unreserved characters (RFC 7636 section 4.1). */
  public static final Pattern VERIFIER = Pattern.compile("^[A-Za-z0-9._~-]{43,128}$");

  /** An S256 challenge: the 43 URL-safe Base64 characters of a SHA-256. */
  public static final Pattern CHALLENGE = Pattern.compile("^[A-Za-z0-9_-]{43}$");

  private Pkce() {}

  /** The S256 challenge of a verifier. */
  public static String challenge(String verifier) {
    byte[] sha = Sha256.of(verifier.getBytes(StandardCharsets.US_ASCII));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(sha);
  }

  /** Whether {@code verifier} is well formed and its S256 challenge is {@code challenge}. */
  public static boolean matches(String verifier, String challenge) {
    return VERIFIER.matcher(verifier).matches()
        && MessageDigest.isEqual(
            challenge(verifier).getBytes(StandardCharsets.US_ASCII),
            challenge.getBytes(StandardCharsets.US_ASCII));
  }
}
