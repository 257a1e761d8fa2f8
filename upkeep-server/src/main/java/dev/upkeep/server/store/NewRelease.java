package dev.upkeep.server.store;

import java.time.Instant;
import java.util.Set;

/**
 * A release to publish ({@link ReleaseStore#publish}).
 *
 * @param projectId the project it is published under
 * @param workspace the workspace
 * @param title the normalised versionless title
 * @param version the version as written in the record
 * @param record the record's YAML, as rmellipse writes it
 * @param files the files in the release
 * @param bytes the sum of their sizes, in bytes
 * @param signed whether the record carries a signature
 * @param blobs the SHA-256 (hex) of every blob the record names; the project becomes a reader of
 *     each
 * @param publishedAt when it is published
 */
public record NewRelease(
    long projectId,
    String workspace,
    String title,
    String version,
    String record,
    int files,
    long bytes,
    boolean signed,
    Set<String> blobs,
    Instant publishedAt) {
  public NewRelease {
    blobs = Set.copyOf(blobs);
  }
}
