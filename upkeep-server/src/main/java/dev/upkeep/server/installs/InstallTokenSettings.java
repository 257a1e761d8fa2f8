package dev.upkeep.server.installs;

import java.time.Duration;

/**
 * How long the tokens of enrolled installs (otumat installs and Upkeep's own enrollment) live, and
 * how often the expired ones are purged (keys of {@code upkeep serve}'s configuration in brackets).
 * Immutable; {@link #defaults()} holds every default, the constructor validates and names the
 * setting in its exception.
 *
 * @param tokenTtl {@code install-token-ttl}: lifetime of an access token, whole seconds, at least
 *     one; default {@link #DEFAULT_TOKEN_TTL}
 * @param refreshGrace {@code refresh-grace}: how long a rotated refresh token may be sent again for
 *     the same new pair, whole seconds from 0 (off: every reuse is a replay) to 3600; default
 *     {@link #DEFAULT_REFRESH_GRACE}
 * @param purgeInterval {@code purge-interval}: time between purges of expired codes and tokens, at
 *     least one second; default {@link #DEFAULT_PURGE_INTERVAL}
 */
public record InstallTokenSettings(
    Duration tokenTtl, Duration refreshGrace, Duration purgeInterval) {
  /**
   * Default lifetime of an install's access token: one hour. Refresh tokens do not expire; they are
   * replaced at every use.
   */
  public static final Duration DEFAULT_TOKEN_TTL = Duration.ofHours(1);

  /** {@link #DEFAULT_TOKEN_TTL} in seconds: {@value}. */
  public static final long DEFAULT_TOKEN_TTL_SECONDS = 3600;

  /**
   * Default grace period of a rotated refresh token: 60 seconds. Within it, the same refresh token
   * sent again (otumat's second daemon of the same install) gets the same new pair; after it, a
   * reuse is a replay and revokes every token of the install.
   */
  public static final Duration DEFAULT_REFRESH_GRACE = Duration.ofSeconds(60);

  /**
   * Default interval of the purge of expired authorization codes, expired and used tokens and
   * revoked installs: one hour.
   */
  public static final Duration DEFAULT_PURGE_INTERVAL = Duration.ofHours(1);

  /**
   * Validates every setting.
   *
   * @throws IllegalArgumentException naming the setting that is out of its range
   */
  public InstallTokenSettings {
    if (tokenTtl.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException(
          "install-token-ttl must be at least 1 second, was " + tokenTtl.toSeconds());
    }
    if (tokenTtl.getNano() != 0) {
      throw new IllegalArgumentException(
          "install-token-ttl must be whole seconds, was " + tokenTtl.toMillis() + " ms");
    }
    if (refreshGrace.isNegative()
        || refreshGrace.compareTo(Duration.ofHours(1)) > 0
        || refreshGrace.getNano() != 0) {
      throw new IllegalArgumentException(
          "refresh-grace must be whole seconds from 0 to 3600, was "
              + refreshGrace.toMillis()
              + " ms");
    }
    if (purgeInterval.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException(
          "purge-interval must be at least 1 second, was " + purgeInterval.toMillis() + " ms");
    }
  }

  /** Every default: one hour, 60 seconds, one hour. */
  public static InstallTokenSettings defaults() {
    return new InstallTokenSettings(
        DEFAULT_TOKEN_TTL, DEFAULT_REFRESH_GRACE, DEFAULT_PURGE_INTERVAL);
  }

  /** With {@code install-token-ttl}. */
  public InstallTokenSettings withTokenTtl(Duration ttl) {
    return new InstallTokenSettings(ttl, refreshGrace, purgeInterval);
  }

  /** With {@code refresh-grace}. */
  public InstallTokenSettings withRefreshGrace(Duration grace) {
    return new InstallTokenSettings(tokenTtl, grace, purgeInterval);
  }

  /** With {@code purge-interval}. */
  public InstallTokenSettings withPurgeInterval(Duration interval) {
    return new InstallTokenSettings(tokenTtl, refreshGrace, interval);
  }
}
