package dev.upkeep.server.store;

import java.time.Instant;

/**
 * A release the collector hosts, as listed: what its record says and when it was published, not the
 * record itself ({@link ReleaseStore#record}).
 *
 * @param id store id
 * @param projectId the project it belongs to
 * @param project that project's {@code owner/name}
 * @param workspace rmellipse's workspace, e.g. {@code Global Public Workspace}
 * @param title the normalised versionless title
 * @param version the version as published, e.g. {@code 1.2.0+build.7}
 * @param files the files in the release
 * @param bytes the sum of their sizes, in bytes
 * @param signed whether the record carries a signature
 * @param publishedAt when it was published
 * @param yankReason why it was yanked, or null
 * @param yankedAt when it was yanked, or null
 */
public record HostedRelease(
    long id,
    long projectId,
    String project,
    String workspace,
    String title,
    String version,
    int files,
    long bytes,
    boolean signed,
    Instant publishedAt,
    String yankReason,
    Instant yankedAt) {

  public boolean yanked() {
    return yankedAt != null;
  }
}
