package dev.upkeep.server.alerts.delivery;

import java.util.Base64;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Where a destination's secret (webhook signing secret, Matrix access token, SMTP password) comes
 * from, without holding it in the clear:
 *
 * <ul>
 *   <li>{@code env:NAME}: the environment variable {@code NAME}, read at each delivery attempt;
 *   <li>{@code enc:v1:<base64>}: a value encrypted by {@link SecretBox#seal(String)} with the
 *       server's key (AES-256-GCM), decrypted at each delivery attempt.
 * </ul>
 *
 * <p>{@link #toString()} never shows a secret: {@code env:NAME} or {@code enc:v1:…}. {@link
 * #text()} is the form to store in configuration. Immutable and thread-safe.
 */
public final class SecretRef {
  static final String ENV = "env:";
  static final String ENC = "enc:v1:";

  /** POSIX environment variable names. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /** A nonce (12 bytes) and a GCM tag (16 bytes) at least. */
  static final int MIN_SEALED_BYTES = 12 + 16;

  private final String text;

  private SecretRef(String text) {
    this.text = text;
  }

  /**
   * {@code env:NAME} or {@code enc:v1:<base64>}.
   *
   * @throws IllegalArgumentException when {@code text} is neither; the message does not repeat
   *     {@code text}, which may be a secret pasted in the wrong place
   */
  public static SecretRef parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("a secret is required: env:NAME or enc:v1:<base64>");
    }
    if (text.startsWith(ENV)) {
      return env(text.substring(ENV.length()));
    }
    if (text.startsWith(ENC)) {
      byte[] sealed;
      try {
        sealed = Base64.getDecoder().decode(text.substring(ENC.length()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "an enc:v1: secret must be base64 as `upkeep` encrypted it; this one is not", e);
      }
      if (sealed.length < MIN_SEALED_BYTES) {
        throw new IllegalArgumentException(
            "an enc:v1: secret holds at least "
                + MIN_SEALED_BYTES
                + " bytes, this one "
                + sealed.length
                + ": it was cut short");
      }
      return new SecretRef(text);
    }
    throw new IllegalArgumentException(
        "a secret must be env:NAME (an environment variable) or enc:v1:<base64> (encrypted with"
            + " the server's key), was a value of "
            + text.length()
            + " characters that is neither; secrets are never written in clear in the"
            + " configuration");
  }

  /**
   * The environment variable {@code name}.
   *
   * @throws IllegalArgumentException when {@code name} is not a variable name
   */
  public static SecretRef env(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "a secret's environment variable must be a name like UPKEEP_WEBHOOK_SECRET, was "
              + (name == null ? "null" : "\"" + name + "\""));
    }
    return new SecretRef(ENV + name);
  }

  /** {@code sealed} as {@code enc:v1:<base64>}: made by {@link SecretBox}. */
  static SecretRef sealed(byte[] sealed) {
    return new SecretRef(ENC + Base64.getEncoder().encodeToString(sealed));
  }

  /** The stored form: {@code env:NAME} or {@code enc:v1:<base64>} (ciphertext, not the secret). */
  public String text() {
    return text;
  }

  /** Whether the secret is read from the environment. */
  public boolean isEnv() {
    return text.startsWith(ENV);
  }

  /** The environment variable's name, for an {@code env:} secret. */
  String envName() {
    return text.substring(ENV.length());
  }

  /** The nonce and ciphertext of an {@code enc:v1:} secret. */
  byte[] sealedBytes() {
    return Base64.getDecoder().decode(text.substring(ENC.length()));
  }

  /**
   * The secret in clear.
   *
   * @param environment the process environment ({@code System::getenv} in the server)
   * @param box the server's key, or null when the server has none
   * @throws IllegalStateException when the variable is unset or empty, when there is no key for an
   *     {@code enc:v1:} secret, or when it cannot be decrypted; the message names the variable or
   *     key file, never the value
   */
  String reveal(Function<String, String> environment, SecretBox box) {
    if (isEnv()) {
      String value = environment.apply(envName());
      if (value == null || value.isEmpty()) {
        throw new IllegalStateException(
            "environment variable "
                + envName()
                + " is "
                + (value == null ? "not set" : "empty")
                + "; set it in the collector's environment (the secret "
                + this
                + " is read from it)");
      }
      return value;
    }
    if (box == null) {
      throw new IllegalStateException(
          "secret " + this + " is encrypted, but the collector has no secrets key to decrypt it");
    }
    return box.reveal(this);
  }

  /** {@code env:NAME}, or {@code enc:v1:…} without the ciphertext. */
  @Override
  public String toString() {
    return isEnv() ? text : ENC + "…";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SecretRef other && other.text.equals(text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }
}
