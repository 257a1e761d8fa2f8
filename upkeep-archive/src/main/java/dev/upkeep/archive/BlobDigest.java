package dev.upkeep.archive;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The two hashes of a blob computed in one pass: SHA-256 (its {@link BlobId}) and, when the size is
 * known up front, git's blob id (SHA-1 of {@code "blob <size>\0"} and the bytes), which the
 * release's git-flavour tree hash is made of. Not thread-safe: one per stream.
 */
final class BlobDigest {
  private static final int BUFFER = 1 << 16;

  private final MessageDigest sha256 = digest("SHA-256");
  private final MessageDigest gitSha1;
  private long count;
  private BlobId blob;

  /** {@code expectedSize} < 0: no git id (size unknown). */
  BlobDigest(long expectedSize) {
    if (expectedSize >= 0) {
      gitSha1 = digest("SHA-1");
      gitSha1.update(("blob " + expectedSize + "\0").getBytes(StandardCharsets.US_ASCII));
    } else {
      gitSha1 = null;
    }
  }

  void update(byte[] buffer, int offset, int length) {
    sha256.update(buffer, offset, length);
    if (gitSha1 != null) {
      gitSha1.update(buffer, offset, length);
    }
    count += length;
  }

  /** Hashes everything {@code in} has left, telling {@code listener} of each block; not closed. */
  void readAll(InputStream in, TransferListener listener) throws IOException {
    byte[] buffer = new byte[BUFFER];
    for (int n; (n = in.read(buffer)) > 0; ) {
      update(buffer, 0, n);
      listener.advanced(0, n);
    }
  }

  long count() {
    return count;
  }

  /** The SHA-256 of the bytes so far; ends the hashing (later calls give the same id). */
  BlobId blob() {
    if (blob == null) {
      blob = new BlobId(HexFormat.of().formatHex(sha256.digest()));
    }
    return blob;
  }

  /** The git blob id; only when the size was given and exactly that many bytes came. */
  String gitBlob() {
    return HexFormat.of().formatHex(gitSha1.digest());
  }

  private static MessageDigest digest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is part of every JDK", e);
    }
  }
}
