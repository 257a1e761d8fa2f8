package dev.upkeep.server.store;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * An access or refresh token of an {@link Install}, kept only as its hash.
 *
 * @param hash lowercase hex SHA-256 of the raw token ({@code ua_...} or {@code ur_...})
 * @param installId the install it was issued to
 * @param kind access or refresh
 * @param createdAt when it was issued
 * @param expiresAt when it stops being valid, or null for a token that does not expire (refresh
 *     tokens, which are single use instead)
 * @param usedAt when a refresh token was exchanged for new tokens, or null; from then on it only
 *     returns the same new pair within the refresh grace period, and a later reuse revokes its
 *     family
 * @param revokedAt when it was revoked with every token of its install (a replayed refresh token),
 *     or null
 * @param successor for a used refresh token within its grace period, the new pair sealed under a
 *     key derived from the raw refresh token ({@code dev.upkeep.server.installs.Successor}), or
 *     null
 */
public record InstallToken(
    String hash,
    String installId,
    Kind kind,
    Instant createdAt,
    Instant expiresAt,
    Instant usedAt,
    Instant revokedAt,
    String successor) {

  /** A token that is neither revoked nor carries a successor. */
  public InstallToken(
      String hash,
      String installId,
      Kind kind,
      Instant createdAt,
      Instant expiresAt,
      Instant usedAt) {
    this(hash, installId, kind, createdAt, expiresAt, usedAt, null, null);
  }

  public InstallToken {
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(installId, "installId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  /** What a token is for. */
  public enum Kind {
    /** Sent as {@code Authorization: Bearer} with events. */
    ACCESS,
    /** Exchanged once for a new access and refresh token. */
    REFRESH;

    /** The stored name: {@code access} or {@code refresh}. */
    public String storedName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The kind of a stored name.
     *
     * @throws IllegalArgumentException for another name
     */
    public static Kind ofStored(String name) {
      return valueOf(name.toUpperCase(Locale.ROOT));
    }
  }
}
