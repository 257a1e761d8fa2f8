package dev.upkeep.server.installs;

import dev.upkeep.server.auth.Tokens;
import dev.upkeep.server.store.Install;
import dev.upkeep.server.store.InstallStore;
import dev.upkeep.server.store.InstallToken;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;

/**
 * What an enrolled install may do with its credentials: send events with its access token ({@link
 * #authenticate}), prove it is a confidential client ({@link #authenticateClient}) and exchange its
 * refresh token for new tokens ({@link #refresh}). Thread-safe.
 */
public final class InstallAccess {
  private final InstallStore store;
  private final Clock clock;
  private final TokenMint mint;

  /**
   * @param accessTtl lifetime of the access tokens a refresh issues (setting {@code
   *     install-token-ttl})
   */
  public InstallAccess(InstallStore store, Clock clock, Duration accessTtl) {
    this.store = store;
    this.clock = clock;
    this.mint = new TokenMint(clock, accessTtl);
  }

  /** Whether an {@code Authorization} header value uses the Bearer scheme. */
  public static boolean isBearer(String authorization) {
    if (authorization == null) {
      return false;
    }
    String h = authorization.strip();
    return h.regionMatches(true, 0, "Bearer", 0, 6) && (h.length() == 6 || h.charAt(6) == ' ');
  }

  /**
   * The install whose valid, unexpired access token the header carries.
   *
   * @param authorization the {@code Authorization} header value, or null
   * @throws InstallTokenException expired, or invalid: no Bearer token, unknown, a refresh token,
   *     or its install revoked
   */
  public Install authenticate(String authorization) {
    String raw = isBearer(authorization) ? authorization.strip().substring(6).strip() : "";
    if (raw.isEmpty()) {
      throw InstallTokenException.invalid(
          "no access token; send Authorization: Bearer <access token>");
    }
    InstallToken token =
        store
            .findToken(Tokens.hash(raw))
            .orElseThrow(() -> InstallTokenException.invalid("unknown access token"));
    if (token.kind() != InstallToken.Kind.ACCESS) {
      throw InstallTokenException.invalid("a refresh token is not an access token");
    }
    Install install = installOf(token);
    if (install.revokedAt() != null) {
      throw InstallTokenException.invalid("install " + install.id() + " was revoked");
    }
    if (!clock.instant().isBefore(token.expiresAt())) {
      throw InstallTokenException.expired();
    }
    return install;
  }

  /**
   * The otumat install holding this client id and secret (HTTP Basic, RFC 6749 section 2.3.1).
   *
   * @throws OAuthException {@code invalid_client} for an unknown client, a wrong secret, a public
   *     client or a revoked install
   */
  public Install authenticateClient(String clientId, String clientSecret) {
    Install install =
        store
            .findByClientId(clientId)
            .orElseThrow(() -> OAuthException.invalidClient("unknown client_id " + clientId));
    if (install.clientSecretHash() == null) {
      throw OAuthException.invalidClient(
          "client " + clientId + " is a public client; it refreshes at /oauth/token");
    }
    byte[] expected = install.clientSecretHash().getBytes(StandardCharsets.US_ASCII);
    byte[] given = Tokens.hash(clientSecret).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expected, given)) {
      throw OAuthException.invalidClient("wrong client secret for client " + clientId);
    }
    if (install.revokedAt() != null) {
      throw OAuthException.invalidClient("install " + install.id() + " was revoked");
    }
    return install;
  }

  /**
   * Exchanges a refresh token for a new access and refresh token (rotation: the old refresh token
   * is refused from then on; earlier access tokens stay valid until they expire).
   *
   * @param issuedTo whether the token's install belongs to the requesting client
   * @return new credentials without a client secret
   * @throws OAuthException {@code invalid_grant} when the token is unknown, already used (also by a
   *     concurrent request), of a revoked install or not issued to this client
   */
  public Credentials refresh(String refreshToken, Predicate<Install> issuedTo) {
    String hash = Tokens.hash(refreshToken);
    InstallToken token =
        store
            .findToken(hash)
            .filter(t -> t.kind() == InstallToken.Kind.REFRESH)
            .orElseThrow(() -> OAuthException.invalidGrant("unknown refresh_token"));
    if (token.usedAt() != null) {
      throw alreadyUsed();
    }
    Install install = installOf(token);
    if (install.revokedAt() != null) {
      throw OAuthException.invalidGrant("install " + install.id() + " was revoked");
    }
    if (!issuedTo.test(install)) {
      throw OAuthException.invalidGrant("the refresh_token was not issued to this client");
    }
    TokenMint.Pair pair = mint.pair(install.id());
    Instant now = clock.instant();
    if (!store.rotate(hash, now, pair.records())) {
      throw alreadyUsed();
    }
    return new Credentials(
        install.id(),
        install.clientId(),
        null,
        pair.access(),
        pair.refresh(),
        mint.expiresIn(),
        Enrollments.SCOPE);
  }

  private Install installOf(InstallToken token) {
    return store
        .find(token.installId())
        .orElseThrow(() -> new IllegalStateException("token of missing install " + token));
  }

  private static OAuthException alreadyUsed() {
    return OAuthException.invalidGrant(
        "the refresh_token was already used; each refresh returns a new one");
  }
}
