package dev.upkeep.client.internal.enroll;

import dev.upkeep.client.internal.transport.Endpoints;
import dev.upkeep.client.internal.transport.Http;
import dev.upkeep.protocol.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The token endpoint of Upkeep's own enrollment, {@code POST {endpoint}/oauth/token} (issue 4
 * contract section B.3; RFC 6749 sections 4.1.3 and 6, RFC 7636 section 4.5), as a public client:
 * form bodies, no client secret, JSON answers.
 *
 * <p>Every call ends in one of three {@link TokenResponse.Outcome outcomes}: {@code GRANTED} (2xx
 * with an access and a refresh token), {@code REFUSED} for good (400 or 401: {@code invalid_grant},
 * {@code invalid_request}, {@code unsupported_grant_type}, {@code invalid_client}; asking again
 * with the same code or refresh token cannot succeed), or {@code RETRY_LATER} (network error or
 * timeout, 429, 5xx, any other status, or a 2xx answer that cannot be read).
 *
 * <p>Never throws. Blocks for one HTTP exchange, bounded by the {@link Http}'s timeouts: call it
 * from the sender thread or an enrollment, not the application's calling thread. Thread-safe.
 */
public final class OAuthClient {
  /** {@code expires_in} assumed when an answer has none, in seconds: {@value}. */
  public static final long DEFAULT_EXPIRES_IN_SECONDS = 3600;

  private static final String FORM = "application/x-www-form-urlencoded";

  private final Http http;

  /**
   * @param http the client's HTTP exchange (proxy, timeouts, user agent)
   */
  public OAuthClient(Http http) {
    this.http = http;
  }

  /**
   * Exchanges an authorization code: {@code grant_type=authorization_code&code&redirect_uri
   * &code_verifier&client_id}.
   *
   * @param endpoint the Upkeep server, as configured (see {@link Endpoints#resolve})
   * @param clientId the project, {@code owner/name}
   * @param code the one-time code from the callback
   * @param verifier the PKCE code verifier whose challenge was sent to {@code /oauth/authorize}
   * @param redirectUri the exact redirect URI sent to {@code /oauth/authorize}
   */
  public TokenResponse exchange(
      URI endpoint, String clientId, String code, String verifier, URI redirectUri) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "authorization_code");
    form.put("code", code);
    form.put("redirect_uri", redirectUri.toString());
    form.put("code_verifier", verifier);
    form.put("client_id", clientId);
    return post(endpoint, form);
  }

  /**
   * Refreshes: {@code grant_type=refresh_token&refresh_token&client_id}. The server rotates the
   * refresh token: once this is granted, the old one no longer works.
   *
   * @param endpoint the Upkeep server, as configured
   * @param clientId the project, {@code owner/name}
   * @param refreshToken the current refresh token
   */
  public TokenResponse refresh(URI endpoint, String clientId, String refreshToken) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "refresh_token");
    form.put("refresh_token", refreshToken);
    form.put("client_id", clientId);
    return post(endpoint, form);
  }

  private TokenResponse post(URI endpoint, Map<String, String> form) {
    URI uri;
    try {
      uri = Endpoints.resolve(endpoint, "oauth/token");
    } catch (RuntimeException e) {
      return TokenResponse.refused("invalid_request", "bad endpoint " + endpoint + ": " + e);
    }
    Http.Response r;
    try {
      r = http.exchange("POST", uri, FORM, encode(form).getBytes(StandardCharsets.UTF_8));
    } catch (IOException | RuntimeException e) {
      return TokenResponse.retryLater("POST " + uri + " failed: " + e, 0);
    }
    return read(uri, r);
  }

  static TokenResponse read(URI uri, Http.Response r) {
    if (r.ok()) {
      try {
        return granted(Json.parse(r.body));
      } catch (IllegalArgumentException e) {
        return TokenResponse.retryLater(
            "POST "
                + uri
                + " answered "
                + r.status
                + " with an unreadable grant: "
                + e.getMessage(),
            r.retryAfterMillis);
      }
    }
    if (r.status == 400 || r.status == 401) {
      Map<?, ?> error = errorBody(r.body);
      Object code = error.get("error");
      Object description = error.get("error_description");
      return TokenResponse.refused(
          code instanceof String ? (String) code : "http_" + r.status,
          description instanceof String ? (String) description : "");
    }
    return TokenResponse.retryLater(
        "POST " + uri + " answered " + r.status, Math.max(0, r.retryAfterMillis));
  }

  private static TokenResponse granted(Object root) {
    if (!(root instanceof Map)) {
      throw new IllegalArgumentException("not a JSON object");
    }
    Map<?, ?> m = (Map<?, ?>) root;
    Object access = m.get("access_token");
    Object refresh = m.get("refresh_token");
    Object expires = m.get("expires_in");
    Object scope = m.get("scope");
    Object installId = m.get("install_id");
    StringJoiner bad = new StringJoiner(", ");
    if (!(access instanceof String) || ((String) access).isEmpty()) {
      bad.add("access_token");
    }
    if (!(refresh instanceof String) || ((String) refresh).isEmpty()) {
      bad.add("refresh_token");
    }
    if (expires != null && !(expires instanceof Long && (Long) expires >= 0)) {
      bad.add("expires_in");
    }
    if (scope != null && !(scope instanceof String)) {
      bad.add("scope");
    }
    if (installId != null && !(installId instanceof String)) {
      bad.add("install_id");
    }
    if (bad.length() > 0) {
      throw new IllegalArgumentException("missing or mistyped " + bad);
    }
    return TokenResponse.granted(
        (String) access,
        (String) refresh,
        expires == null ? DEFAULT_EXPIRES_IN_SECONDS : (Long) expires,
        (String) scope,
        (String) installId);
  }

  private static Map<?, ?> errorBody(String body) {
    try {
      Object root = Json.parse(body);
      return root instanceof Map ? (Map<?, ?>) root : Map.of();
    } catch (IllegalArgumentException e) {
      return Map.of();
    }
  }

  static String encode(Map<String, String> form) {
    StringJoiner out = new StringJoiner("&");
    for (Map.Entry<String, String> p : form.entrySet()) {
      out.add(
          URLEncoder.encode(p.getKey(), StandardCharsets.UTF_8)
              + "="
              + URLEncoder.encode(p.getValue(), StandardCharsets.UTF_8));
    }
    return out.toString();
  }

  /**
   * The token endpoint's answer. Immutable, thread-safe; {@link #toString()} shows no token.
   *
   * <p>For {@link Outcome#GRANTED}: {@link #accessToken()}, {@link #refreshToken()} (non-null),
   * {@link #expiresInSeconds()} ({@value #DEFAULT_EXPIRES_IN_SECONDS} if the server sent none),
   * {@link #scope()} and {@link #installId()} (null if absent). For {@link Outcome#REFUSED}: {@link
   * #error()} (the RFC 6749 error code, or {@code http_<status>}) and {@link #description()}. For
   * {@link Outcome#RETRY_LATER}: {@link #description()} of what went wrong and {@link
   * #retryAfterMillis()} (0 if the server named no delay).
   */
  public static final class TokenResponse {
    /** How a token request ended. */
    public enum Outcome {
      /** The server issued tokens. */
      GRANTED,
      /** The server refused for good: asking again the same way cannot succeed. */
      REFUSED,
      /** Nothing was decided (network, timeout, 429, 5xx, unreadable answer): try later. */
      RETRY_LATER
    }

    private final Outcome outcome;
    private final String accessToken;
    private final String refreshToken;
    private final long expiresInSeconds;
    private final String scope;
    private final String installId;
    private final String error;
    private final String description;
    private final long retryAfterMillis;

    private TokenResponse(
        Outcome outcome,
        String accessToken,
        String refreshToken,
        long expiresInSeconds,
        String scope,
        String installId,
        String error,
        String description,
        long retryAfterMillis) {
      this.outcome = outcome;
      this.accessToken = accessToken;
      this.refreshToken = refreshToken;
      this.expiresInSeconds = expiresInSeconds;
      this.scope = scope;
      this.installId = installId;
      this.error = error;
      this.description = description;
      this.retryAfterMillis = retryAfterMillis;
    }

    static TokenResponse granted(
        String accessToken,
        String refreshToken,
        long expiresInSeconds,
        String scope,
        String installId) {
      return new TokenResponse(
          Outcome.GRANTED,
          accessToken,
          refreshToken,
          expiresInSeconds,
          scope,
          installId,
          null,
          "",
          0);
    }

    static TokenResponse refused(String error, String description) {
      return new TokenResponse(Outcome.REFUSED, null, null, 0, null, null, error, description, 0);
    }

    static TokenResponse retryLater(String description, long retryAfterMillis) {
      return new TokenResponse(
          Outcome.RETRY_LATER, null, null, 0, null, null, null, description, retryAfterMillis);
    }

    public Outcome outcome() {
      return outcome;
    }

    public boolean granted() {
      return outcome == Outcome.GRANTED;
    }

    public boolean refused() {
      return outcome == Outcome.REFUSED;
    }

    public boolean retryLater() {
      return outcome == Outcome.RETRY_LATER;
    }

    /** The new access token; null unless granted. */
    public String accessToken() {
      return accessToken;
    }

    /** The new refresh token; null unless granted. */
    public String refreshToken() {
      return refreshToken;
    }

    /** The access token's lifetime in seconds; 0 unless granted. */
    public long expiresInSeconds() {
      return expiresInSeconds;
    }

    /** The granted scope; null if the server sent none or not granted. */
    public String scope() {
      return scope;
    }

    /** The install id; null if the server sent none or not granted. */
    public String installId() {
      return installId;
    }

    /** The refusal's error code, e.g. {@code invalid_grant}; null unless refused. */
    public String error() {
      return error;
    }

    /** The server's {@code error_description} or what went wrong; "" if nothing to say. */
    public String description() {
      return description;
    }

    /** The server's {@code Retry-After} in milliseconds; 0 if none. */
    public long retryAfterMillis() {
      return retryAfterMillis;
    }

    @Override
    public String toString() {
      if (outcome == Outcome.GRANTED) { // not a switch: that costs the jar a synthetic class
        return "granted[installId=" + installId + ", expiresIn=" + expiresInSeconds + "s]";
      }
      return outcome == Outcome.REFUSED
          ? "refused[" + error + (description.isEmpty() ? "" : ": " + description) + "]"
          : "retry later[" + description + "]";
    }
  }
}
