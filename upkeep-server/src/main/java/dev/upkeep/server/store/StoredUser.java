package dev.upkeep.server.store;

import java.time.Instant;

/**
 * A user as a project's {@code users} row keeps it: the first-seen attributes of a user id (as
 * migas-server keeps them), whose ordinal numbers it in the rollups' bitmaps.
 *
 * @param projectId the project it was seen in
 * @param project that project's {@code owner/name}
 * @param userId the user id as the client sent it
 * @param firstSeen when its first stored event happened
 * @param platform the platform of its first stored event
 * @param container the container of its first stored event
 */
public record StoredUser(
    long projectId,
    String project,
    String userId,
    Instant firstSeen,
    String platform,
    String container) {}
