package dev.upkeep.server.installs;

import dev.upkeep.server.auth.Tokens;
import dev.upkeep.server.store.AuthorizationCode;
import dev.upkeep.server.store.Install;
import dev.upkeep.server.store.InstallStore;
import dev.upkeep.server.store.Project;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Enrolls installs once their user allowed it: directly with credentials for otumat ({@link
 * #enrollOtumat}), or through a one-time authorization code redeemed with PKCE for Upkeep's own
 * enrollment ({@link #issueCode}, {@link #redeemCode}). Thread-safe.
 */
public final class Enrollments {
  /** The scope of every install token: {@value}. */
  public static final String SCOPE = "usage";

  /** How long an authorization code can be redeemed: 60 seconds. */
  public static final Duration CODE_TTL = Duration.ofSeconds(60);

  private final InstallStore store;
  private final Clock clock;
  private final TokenMint mint;

  /**
   * @param accessTtl lifetime of issued access tokens (setting {@code install-token-ttl})
   */
  public Enrollments(InstallStore store, Clock clock, Duration accessTtl) {
    this.store = store;
    this.clock = clock;
    this.mint = new TokenMint(clock, accessTtl);
  }

  /**
   * Creates an otumat install (a confidential client) with its client secret and first tokens.
   *
   * @param metadata what is kept of otumat's install request, in order
   * @param packageVersion the version otumat reported, or null
   */
  public Credentials enrollOtumat(
      Project project, Map<String, String> metadata, String packageVersion) {
    String installId = TokenMint.installId();
    String clientId = TokenMint.clientId();
    String secret = TokenMint.clientSecret();
    TokenMint.Pair pair = mint.pair(installId);
    store.create(
        new Install(
            installId,
            project.id(),
            Install.Flow.OTUMAT,
            clientId,
            Tokens.hash(secret),
            packageVersion,
            metadata,
            clock.instant(),
            null),
        pair.records());
    return new Credentials(
        installId, clientId, secret, pair.access(), pair.refresh(), mint.expiresIn(), SCOPE);
  }

  /**
   * Issues a one-time authorization code bound to the project, redirect URI and S256 challenge of
   * an authorization request the user allowed; valid for {@link #CODE_TTL}.
   *
   * @return the raw code, {@code ac_} and 43 characters
   */
  public String issueCode(Project project, String redirectUri, String challenge) {
    String code = TokenMint.code();
    Instant now = clock.instant();
    store.insertCode(
        new AuthorizationCode(
            Tokens.hash(code),
            project.id(),
            redirectUri,
            challenge,
            SCOPE,
            now,
            now.plus(CODE_TTL),
            null));
    return code;
  }

  /**
   * Redeems an authorization code (RFC 6749 section 4.1.3, RFC 7636 section 4.6): creates an Upkeep
   * install (a public client) with its first tokens. A failed check does not use the code up; a
   * successful redemption does, atomically.
   *
   * @throws OAuthException {@code invalid_request} for a malformed verifier; {@code invalid_grant}
   *     when the code is unknown, used, expired, issued to another client or redirect URI, or the
   *     verifier does not match its challenge
   */
  public Credentials redeemCode(
      String code, Project project, String redirectUri, String codeVerifier) {
    if (!Pkce.VERIFIER.matcher(codeVerifier).matches()) {
      throw OAuthException.invalidRequest(
          "code_verifier must be 43 to 128 characters of A-Z a-z 0-9 - . _ ~ (RFC 7636 4.1)");
    }
    String hash = Tokens.hash(code);
    AuthorizationCode c =
        store
            .findCode(hash)
            .orElseThrow(() -> OAuthException.invalidGrant("unknown authorization code"));
    Instant now = clock.instant();
    if (c.usedAt() != null) {
      throw OAuthException.invalidGrant("the authorization code was already used");
    }
    if (!now.isBefore(c.expiresAt())) {
      throw OAuthException.invalidGrant(
          "the authorization code expired; codes are valid for "
              + CODE_TTL.toSeconds()
              + " s, authorize again");
    }
    if (c.projectId() != project.id()) {
      throw OAuthException.invalidGrant(
          "the authorization code was not issued to client_id " + project.name());
    }
    if (!c.redirectUri().equals(redirectUri)) {
      throw OAuthException.invalidGrant(
          "redirect_uri differs from the one of the authorization request");
    }
    if (!Pkce.matches(codeVerifier, c.challenge())) {
      throw OAuthException.invalidGrant("code_verifier does not match the code_challenge");
    }
    String installId = TokenMint.installId();
    TokenMint.Pair pair = mint.pair(installId);
    Install install =
        new Install(
            installId,
            project.id(),
            Install.Flow.UPKEEP,
            TokenMint.clientId(),
            null,
            null,
            Map.of(),
            now,
            null);
    if (!store.redeem(hash, now, install, pair.records())) {
      throw OAuthException.invalidGrant("the authorization code was already used");
    }
    return new Credentials(
        installId,
        install.clientId(),
        null,
        pair.access(),
        pair.refresh(),
        mint.expiresIn(),
        SCOPE);
  }
}
