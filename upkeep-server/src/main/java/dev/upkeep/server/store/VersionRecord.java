package dev.upkeep.server.store;

import java.time.Instant;

/**
 * A version in a project's manual registry.
 *
 * @param version the version string as registered
 * @param addedAt when it was registered
 * @param flagged whether users of it are told to upgrade
 * @param flagReason why it is flagged, or null
 * @param replacement the version its users should upgrade to, or null to let the check pick the
 *     newest release that is not flagged
 * @param flagLifted whether a maintainer lifted its flag ({@code upkeep version unflag}): a lifted
 *     version is not flagged even when a version source (such as {@code .migas.json}) flags it,
 *     until it is flagged again
 */
public record VersionRecord(
    String version,
    Instant addedAt,
    boolean flagged,
    String flagReason,
    String replacement,
    boolean flagLifted) {}
