package dev.upkeep.server.alerts.delivery;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code Upkeep-Signature} header of webhook deliveries, Stripe's scheme:
 *
 * <pre>{@code
 * Upkeep-Signature: t=1764504000,v1=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd
 * }</pre>
 *
 * where {@code t} is the time of the attempt in Unix seconds and {@code v1} the lower-case hex
 * HMAC-SHA256, keyed with the UTF-8 bytes of the shared secret, of {@code "<t>.<raw body>"}. The
 * timestamp is signed too, so a receiver that refuses old timestamps also refuses replays. A header
 * may carry several {@code v1} values (e.g. while a secret is rotated); one matching is enough.
 * Stateless and thread-safe.
 */
public final class WebhookSignature {
  /** The header's name. */
  public static final String HEADER = "Upkeep-Signature";

  /** The tolerance receivers should allow unless they know better: {@value} seconds. */
  public static final long DEFAULT_TOLERANCE_SECONDS = 300;

  private WebhookSignature() {}

  /**
   * The header value for {@code body} sent at {@code unixSeconds}.
   *
   * @throws IllegalArgumentException when {@code secret} is null or empty
   */
  public static String sign(String secret, long unixSeconds, byte[] body) {
    return "t=" + unixSeconds + ",v1=" + HexFormat.of().formatHex(mac(secret, unixSeconds, body));
  }

  /**
   * Whether {@code header} is a valid signature of {@code body} with {@code secret}, made within
   * {@code tolerance} of {@code now} (either side). Malformed or missing headers are not valid;
   * this never throws for what a sender put in the header. The comparison is constant-time.
   *
   * @param secret the shared secret
   * @param header the {@code Upkeep-Signature} header's value, or null
   * @param body the raw request body, byte for byte as received
   * @param now the receiver's time
   * @param tolerance how far {@code t} may be from {@code now}, e.g. 5 minutes
   * @throws IllegalArgumentException when {@code secret} is empty or {@code tolerance} negative
   */
  public static boolean verify(
      String secret, String header, byte[] body, Instant now, Duration tolerance) {
    if (tolerance == null || tolerance.isNegative()) {
      throw new IllegalArgumentException("tolerance must be zero or more, was " + tolerance);
    }
    if (header == null || body == null || now == null) {
      return false;
    }
    Long t = null;
    List<byte[]> candidates = new ArrayList<>();
    for (String part : header.split(",")) {
      int eq = part.indexOf('=');
      if (eq <= 0) {
        continue;
      }
      String key = part.substring(0, eq).strip();
      String value = part.substring(eq + 1).strip();
      if (key.equals("t")) {
        if (t != null || !value.matches("\\d{1,12}")) {
          return false;
        }
        t = Long.parseLong(value);
      } else if (key.equals("v1") && value.matches("[0-9a-fA-F]{64}")) {
        candidates.add(HexFormat.of().parseHex(value));
      }
    }
    if (t == null || candidates.isEmpty()) {
      return false;
    }
    if (Math.abs(now.getEpochSecond() - t) > tolerance.getSeconds()) {
      return false;
    }
    byte[] expected = mac(secret, t, body);
    boolean match = false;
    for (byte[] candidate : candidates) {
      match |= MessageDigest.isEqual(expected, candidate);
    }
    return match;
  }

  /** {@link #verify(String, String, byte[], Instant, Duration)} of a UTF-8 body. */
  public static boolean verify(
      String secret, String header, String body, Instant now, Duration tolerance) {
    return verify(
        secret,
        header,
        body == null ? null : body.getBytes(StandardCharsets.UTF_8),
        now,
        tolerance);
  }

  private static byte[] mac(String secret, long t, byte[] body) {
    if (secret == null || secret.isEmpty()) {
      throw new IllegalArgumentException("a webhook signing secret must not be empty");
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update((t + ".").getBytes(StandardCharsets.US_ASCII));
      return mac.doFinal(body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this Java runtime", e);
    }
  }
}
