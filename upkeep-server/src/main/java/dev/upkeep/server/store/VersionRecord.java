package dev.upkeep.server.store;

import java.time.Instant;

/**
 * A version in a project's registry.
 *
 * @param version the version string as registered
 * @param addedAt when it was registered
 * @param flagged whether users of it are told to upgrade
 * @param flagReason why it is flagged, or null
 */
public record VersionRecord(String version, Instant addedAt, boolean flagged, String flagReason) {}
