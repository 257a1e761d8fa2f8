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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an enrolled install may do with its credentials: send events with its access token ({@link
 * #authenticate}), prove it is a confidential client ({@link #authenticateClient}) and exchange its
 * refresh token for new tokens ({@link #refresh}). Thread-safe.
 */
public final class InstallAccess {
  private static final Logger LOG = LoggerFactory.getLogger(InstallAccess.class);

  private final InstallStore store;
  private final Clock clock;
  private final TokenMint mint;
  private final Duration accessTtl;
  private final Duration grace;

  /**
   * @param accessTtl lifetime of the access tokens a refresh issues (setting {@code
   *     install-token-ttl})
   * @param grace how long a used refresh token returns the same new pair (setting {@code
   *     refresh-grace}); zero makes every reuse a replay
   */
  public InstallAccess(InstallStore store, Clock clock, Duration accessTtl, Duration grace) {
    this.store = store;
    this.clock = clock;
    this.mint = new TokenMint(clock, accessTtl);
    this.accessTtl = accessTtl;
    this.grace = grace;
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
    if (token.revokedAt() != null) {
      throw InstallTokenException.invalid(
          "this access token was revoked: a used refresh token of its install was replayed");
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
   * Exchanges a refresh token for a new access and refresh token: refresh token rotation with reuse
   * detection (OAuth 2.1 section 4.3.1, RFC 9700 section 4.14.2), made idempotent for a grace
   * period.
   *
   * <ul>
   *   <li>An unused token is rotated: marked used, a new pair issued (earlier access tokens stay
   *       valid until they expire), and the pair sealed on the used token ({@link Successor}).
   *   <li>A used token sent again within {@code refresh-grace} of its use returns the same pair,
   *       with {@code expiresIn} counting down from that use. otumat runs two daemons per install
   *       that refresh with the same token; without this the second got {@code invalid_grant},
   *       re-ran the install and, without a terminal, saved "never collect". The same holds for
   *       concurrent refreshes: the losers of the race get the winner's pair.
   *   <li>A used token sent after the grace period is a replay (one of the two copies was stolen):
   *       every token of the install — its token family, all descended from the one grant that
   *       enrolled it — is revoked, so the pair issued before no longer works either, and the
   *       answer is {@code invalid_grant}. The install re-enrolls.
   * </ul>
   *
   * @param issuedTo whether the token's install belongs to the requesting client
   * @return new credentials without a client secret
   * @throws OAuthException {@code invalid_grant} when the token is unknown, revoked, of a revoked
   *     install, not issued to this client, or reused after the grace period
   */
  public Credentials refresh(String refreshToken, Predicate<Install> issuedTo) {
    String hash = Tokens.hash(refreshToken);
    InstallToken token =
        store
            .findToken(hash)
            .filter(t -> t.kind() == InstallToken.Kind.REFRESH)
            .orElseThrow(() -> OAuthException.invalidGrant("unknown refresh_token"));
    Install install = installOf(token);
    if (install.revokedAt() != null) {
      throw OAuthException.invalidGrant("install " + install.id() + " was revoked");
    }
    if (!issuedTo.test(install)) {
      throw OAuthException.invalidGrant("the refresh_token was not issued to this client");
    }
    if (token.revokedAt() != null) {
      throw revoked(install);
    }
    if (token.usedAt() == null) {
      TokenMint.Pair pair = mint.pair(install.id());
      String sealed =
          grace.isZero()
              ? null
              : Successor.seal(refreshToken, new Successor.Pair(pair.access(), pair.refresh()));
      if (store.rotate(hash, clock.instant(), pair.records(), sealed)) {
        return credentials(install, pair.access(), pair.refresh(), mint.expiresIn());
      }
      // Lost a race with a concurrent refresh of the same token: read what the winner stored.
      token = store.findToken(hash).orElseThrow(() -> revoked(install));
      if (token.revokedAt() != null) {
        throw revoked(install);
      }
    }
    return reuse(refreshToken, token, install);
  }

  private Credentials reuse(String refreshToken, InstallToken token, Install install) {
    Instant now = clock.instant();
    Duration since = Duration.between(token.usedAt(), now);
    if (token.successor() != null && since.compareTo(grace) <= 0) {
      Successor.Pair pair = Successor.open(refreshToken, token.successor());
      long left = Math.max(1, accessTtl.minus(since).toSeconds());
      return credentials(install, pair.access(), pair.refresh(), left);
    }
    int revoked = store.revokeTokens(install.id(), now);
    LOG.warn(
        "refresh token of install {} reused {} s after its rotation (grace {} s): treated as a"
            + " replay, {} tokens of the install revoked",
        install.id(),
        since.toSeconds(),
        grace.toSeconds(),
        revoked);
    throw OAuthException.invalidGrant(
        "the refresh_token was already used "
            + since.toSeconds()
            + " s ago; a reuse after the "
            + grace.toSeconds()
            + " s grace period is a replay, so every token of install "
            + install.id()
            + " is revoked; enroll again");
  }

  private static Credentials credentials(
      Install install, String access, String refresh, long expiresIn) {
    return new Credentials(
        install.id(), install.clientId(), null, access, refresh, expiresIn, Enrollments.SCOPE);
  }

  private static OAuthException revoked(Install install) {
    return OAuthException.invalidGrant(
        "the tokens of install "
            + install.id()
            + " were revoked because a used refresh_token was replayed; enroll again");
  }

  private Install installOf(InstallToken token) {
    return store
        .find(token.installId())
        .orElseThrow(() -> new IllegalStateException("token of missing install " + token));
  }
}
