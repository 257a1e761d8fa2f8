package dev.upkeep.archive;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * A blob's id: the lowercase hex SHA-256 of its bytes (64 digits), as rmellipse stores it in a
 * record's {@code /bpid/} and names the blob file by (its code calls it "sha1"). Immutable.
 *
 * @param hex 64 lowercase hex digits
 */
public record BlobId(String hex) {
  /** The id of the empty blob, which rmellipse stores too. */
  public static final BlobId EMPTY =
      new BlobId("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");

  public BlobId {
    Objects.requireNonNull(hex, "hex");
    if (!isValid(hex)) {
      throw new IllegalArgumentException(
          "blob id must be 64 lowercase hex digits (a SHA-256), was '" + shorten(hex) + "'");
    }
  }

  /**
   * A blob's id and size, as {@link #hash} measures them.
   *
   * @param blob the SHA-256 of the bytes
   * @param bytes how many bytes there were
   */
  public record Hashed(BlobId blob, long bytes) {}

  /**
   * Hashes everything {@code in} has left, in 64 KiB blocks (memory flat whatever the size).
   *
   * @param in read to its end, not closed
   */
  public static Hashed hash(InputStream in) throws IOException {
    BlobDigest digest = new BlobDigest(-1);
    digest.readAll(in, TransferListener.NONE);
    return new Hashed(digest.blob(), digest.count());
  }

  /** Whether {@code hex} is 64 lowercase hex digits. */
  public static boolean isValid(String hex) {
    if (hex == null || hex.length() != 64) {
      return false;
    }
    for (int i = 0; i < 64; i++) {
      char c = hex.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
        return false;
      }
    }
    return true;
  }

  private static String shorten(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }

  /** The first 12 digits and an ellipsis, for messages. */
  public String abbreviated() {
    return hex.substring(0, 12) + "…";
  }

  @Override
  public String toString() {
    return hex;
  }
}
