package dev.upkeep.server.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A one-time authorization code of Upkeep's own enrollment (RFC 6749 section 4.1 with PKCE, RFC
 * 7636), kept only as its hash and bound to what the authorization request named.
 *
 * @param hash lowercase hex SHA-256 of the raw code ({@code ac_...})
 * @param projectId the project of the request's {@code client_id}
 * @param redirectUri the request's {@code redirect_uri}, exactly as sent
 * @param challenge the request's S256 {@code code_challenge}
 * @param scope the granted scope, e.g. {@code usage}
 * @param createdAt when the user allowed it
 * @param expiresAt when it stops being redeemable
 * @param usedAt when it was redeemed, or null
 */
public record AuthorizationCode(
    String hash,
    long projectId,
    String redirectUri,
    String challenge,
    String scope,
    Instant createdAt,
    Instant expiresAt,
    Instant usedAt) {

  public AuthorizationCode {
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(redirectUri, "redirectUri");
    Objects.requireNonNull(challenge, "challenge");
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }
}
