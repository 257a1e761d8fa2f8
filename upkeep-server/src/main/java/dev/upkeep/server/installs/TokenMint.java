package dev.upkeep.server.installs;

import dev.upkeep.server.auth.Tokens;
import dev.upkeep.server.store.InstallToken;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Makes the raw values of the install flows and the records that store their hashes. Formats
 * (prefix and URL-safe Base64 of random bytes): install id {@code in_}+22, client id {@code
 * ci_}+22, client secret {@code cs_}+43, access token {@code ua_}+43, refresh token {@code ur_}+43,
 * authorization code {@code ac_}+43. Thread-safe.
 */
final class TokenMint {
  private final Clock clock;
  private final Duration accessTtl;

  TokenMint(Clock clock, Duration accessTtl) {
    this.clock = clock;
    this.accessTtl = accessTtl;
  }

  /** A fresh access and refresh token pair for an install. */
  Pair pair(String installId) {
    Instant now = clock.instant();
    String access = Tokens.generate("ua_", 32);
    String refresh = Tokens.generate("ur_", 32);
    List<InstallToken> records =
        List.of(
            new InstallToken(
                Tokens.hash(access),
                installId,
                InstallToken.Kind.ACCESS,
                now,
                now.plus(accessTtl),
                null),
            new InstallToken(
                Tokens.hash(refresh), installId, InstallToken.Kind.REFRESH, now, null, null));
    return new Pair(access, refresh, records);
  }

  static String installId() {
    return Tokens.generate("in_", 16);
  }

  static String clientId() {
    return Tokens.generate("ci_", 16);
  }

  static String clientSecret() {
    return Tokens.generate("cs_", 32);
  }

  static String code() {
    return Tokens.generate("ac_", 32);
  }

  /** Access token lifetime in seconds, as {@code expires_in} reports it. */
  long expiresIn() {
    return accessTtl.toSeconds();
  }

  /** The raw tokens and the records holding their hashes. */
  record Pair(String access, String refresh, List<InstallToken> records) {}
}
