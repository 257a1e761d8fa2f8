package dev.upkeep.client.internal.enroll;

import dev.upkeep.protocol.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What an enrolled install keeps: its install id, the OAuth access and refresh tokens of issue 4's
 * contract (section B.3), when the access token expires, and the granted scope.
 *
 * <p>Stored as one JSON object through a {@link dev.upkeep.client.SecretStore}:
 *
 * <pre>{@code
 * {"install_id":"in_…","access_token":"ua_…","refresh_token":"ur_…",
 *  "expires_at_millis":1795000000000,"scope":"usage"}
 * }</pre>
 *
 * Immutable, thread-safe. {@link #toString()} shows the install id and expiry, never a token.
 */
public final class Credentials {
  private final String installId;
  private final String accessToken;
  private final String refreshToken;
  private final long expiresAtMillis;
  private final String scope;

  /**
   * @param installId the install id ({@code in_…}); not null
   * @param accessToken the bearer token ({@code ua_…}); not null
   * @param refreshToken the refresh token ({@code ur_…}); not null
   * @param expiresAtMillis when the access token expires, epoch milliseconds
   * @param scope the granted scope, e.g. {@code "usage"}; null is stored as ""
   * @throws NullPointerException if a token or the install id is null
   */
  public Credentials(
      String installId,
      String accessToken,
      String refreshToken,
      long expiresAtMillis,
      String scope) {
    this.installId = Objects.requireNonNull(installId, "installId");
    this.accessToken = Objects.requireNonNull(accessToken, "accessToken");
    this.refreshToken = Objects.requireNonNull(refreshToken, "refreshToken");
    this.expiresAtMillis = expiresAtMillis;
    this.scope = scope == null ? "" : scope;
  }

  /**
   * Credentials from a granted token answer received at {@code nowMillis}: expiry is {@code
   * nowMillis + expires_in * 1000}; the install id is the answer's, or {@code fallbackInstallId} if
   * the answer has none (a refresh answer may omit it).
   *
   * @throws IllegalArgumentException if {@code granted} is not {@link
   *     OAuthClient.TokenResponse#granted() granted} or no install id is known
   */
  public static Credentials from(
      OAuthClient.TokenResponse granted, String fallbackInstallId, long nowMillis) {
    if (!granted.granted()) {
      throw new IllegalArgumentException("token response is not a grant: " + granted);
    }
    String given = granted.installId();
    String id = given != null && !given.isEmpty() ? given : fallbackInstallId;
    if (id == null || id.isEmpty()) {
      throw new IllegalArgumentException("token response has no install_id and none is known");
    }
    return new Credentials(
        id,
        granted.accessToken(),
        granted.refreshToken(),
        nowMillis + granted.expiresInSeconds() * 1000,
        granted.scope());
  }

  public String installId() {
    return installId;
  }

  public String accessToken() {
    return accessToken;
  }

  public String refreshToken() {
    return refreshToken;
  }

  /** When the access token expires, epoch milliseconds. */
  public long expiresAtMillis() {
    return expiresAtMillis;
  }

  /** The granted scope; "" if unknown. */
  public String scope() {
    return scope;
  }

  /**
   * Whether the access token expires within {@code millis} of {@code nowMillis} (or has expired):
   * {@code expiresAtMillis - nowMillis <= millis}.
   */
  public boolean expiresWithin(long millis, long nowMillis) {
    return expiresAtMillis - nowMillis <= millis;
  }

  /** The JSON form (see the class description). */
  public String toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("install_id", installId);
    m.put("access_token", accessToken);
    m.put("refresh_token", refreshToken);
    m.put("expires_at_millis", expiresAtMillis);
    m.put("scope", scope);
    return Json.write(m);
  }

  /**
   * Reads the JSON form. Unknown members are ignored; {@code scope} may be missing.
   *
   * @throws IllegalArgumentException if {@code json} is not a JSON object or lacks a member (every
   *     missing or mistyped member is named in one message)
   */
  public static Credentials fromJson(String json) {
    Object root = Json.parse(json);
    if (!(root instanceof Map)) {
      throw new IllegalArgumentException("credentials must be a JSON object");
    }
    Map<?, ?> m = (Map<?, ?>) root;
    List<String> bad = new ArrayList<>();
    String installId = text(m, "install_id", bad);
    String access = text(m, "access_token", bad);
    String refresh = text(m, "refresh_token", bad);
    Object expires = m.get("expires_at_millis");
    if (!(expires instanceof Long)) {
      bad.add("expires_at_millis");
    }
    Object scope = m.get("scope");
    if (scope != null && !(scope instanceof String)) {
      bad.add("scope");
    }
    if (!bad.isEmpty()) {
      throw new IllegalArgumentException(
          "credentials lack or mistype " + String.join(", ", bad) + "; enroll again");
    }
    return new Credentials(installId, access, refresh, (Long) expires, (String) scope);
  }

  private static String text(Map<?, ?> m, String name, List<String> bad) {
    Object v = m.get(name);
    if (v instanceof String && !((String) v).isEmpty()) {
      return (String) v;
    }
    bad.add(name);
    return null;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Credentials)) {
      return false;
    }
    Credentials c = (Credentials) o;
    return installId.equals(c.installId)
        && accessToken.equals(c.accessToken)
        && refreshToken.equals(c.refreshToken)
        && expiresAtMillis == c.expiresAtMillis
        && scope.equals(c.scope);
  }

  @Override
  public int hashCode() {
    return Objects.hash(installId, accessToken, refreshToken, expiresAtMillis, scope);
  }

  @Override
  public String toString() {
    return "Credentials[installId="
        + installId
        + ", expiresAtMillis="
        + expiresAtMillis
        + ", scope="
        + scope
        + "]";
  }
}
