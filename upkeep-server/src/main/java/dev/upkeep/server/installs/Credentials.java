package dev.upkeep.server.installs;

/**
 * Raw credentials handed to an install once, at enrollment or refresh; the store keeps only their
 * hashes.
 *
 * @param installId {@code in_} and 22 URL-safe Base64 characters
 * @param clientId {@code ci_} and 22 characters: the install's OAuth client id
 * @param clientSecret {@code cs_} and 43 characters for an otumat install at enrollment; null after
 *     a refresh and for Upkeep's own (public-client) installs
 * @param accessToken {@code ua_} and 43 characters, valid for {@code expiresIn} seconds
 * @param refreshToken {@code ur_} and 43 characters, single use
 * @param expiresIn lifetime of the access token in seconds (setting {@code install-token-ttl})
 * @param scope always {@value Enrollments#SCOPE}
 */
public record Credentials(
    String installId,
    String clientId,
    String clientSecret,
    String accessToken,
    String refreshToken,
    long expiresIn,
    String scope) {}
