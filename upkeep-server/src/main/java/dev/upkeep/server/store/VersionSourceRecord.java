package dev.upkeep.server.store;

import java.time.Instant;

/**
 * A release source configured for a project: where its versions (and flags) are fetched from.
 *
 * @param id store id
 * @param projectId the project's store id
 * @param kind the kind of source, e.g. {@code maven} or {@code github}; one source of each kind per
 *     project
 * @param reference what the source is asked about: {@code groupId:artifactId} for Maven, {@code
 *     owner/repo} for GitHub
 * @param repositoryUrl the source's own base URL, or null for the server's setting
 * @param addedAt when it was configured
 */
public record VersionSourceRecord(
    long id,
    long projectId,
    String kind,
    String reference,
    String repositoryUrl,
    Instant addedAt) {}
