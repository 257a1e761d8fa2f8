package dev.upkeep.archive;

import java.util.Objects;

/**
 * One file of a release: where it goes in the tree and the blob that holds its bytes. rmellipse
 * writes one as a {@code File} (or {@code H5_File}) node of the record's project map with {@code
 * /path/}, {@code /bpid/} and {@code /bytes/}. Immutable.
 *
 * @param path {@code /}-separated, relative to the release's root, checked by {@link ReleasePath}
 * @param item {@code File} or {@code H5_File}, as the record names it
 * @param blob the blob holding the file's bytes
 * @param bytes the file's size in bytes
 */
public record ReleaseFile(String path, String item, BlobId blob, long bytes) {
  public ReleaseFile {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(item, "item");
    Objects.requireNonNull(blob, "blob");
    if (bytes < 0) {
      throw new IllegalArgumentException(path + ": size must not be negative, was " + bytes);
    }
  }

  /** A plain {@code File}. */
  public static ReleaseFile of(String path, BlobId blob, long bytes) {
    return new ReleaseFile(path, "File", blob, bytes);
  }
}
