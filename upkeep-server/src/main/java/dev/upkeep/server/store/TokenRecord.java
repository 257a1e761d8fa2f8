package dev.upkeep.server.store;

import java.time.Instant;

/**
 * A stored token: never the token itself, only its SHA-256 and a short prefix to recognise it.
 *
 * @param hash lowercase hex SHA-256 of the raw token
 * @param prefix the raw token's first characters, for listings
 * @param kind master or project
 * @param project the project a project token reads, or null for a master token
 * @param description free text, or null
 * @param createdAt when it was issued
 * @param revokedAt when it was revoked, or null
 */
public record TokenRecord(
    String hash,
    String prefix,
    TokenKind kind,
    String project,
    String description,
    Instant createdAt,
    Instant revokedAt) {

  /** What a token may do. */
  public enum TokenKind {
    /** Administers everything. */
    MASTER,
    /** Reads one project's usage. */
    PROJECT,
    /**
     * Publishes one project's releases (uploads blobs, for now of any project: they are shared by
     * content), and reads its usage as {@link #PROJECT} does.
     */
    PUBLISH
  }
}
