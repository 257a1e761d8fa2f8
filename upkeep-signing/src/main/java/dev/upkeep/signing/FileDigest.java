package dev.upkeep.signing;

import dev.upkeep.signing.internal.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * The SHA-256 of one file's bytes, as {@code sha256sum} prints it (64 lowercase hex characters).
 * Reads sequentially in 64 KiB blocks (faster than larger ones: they stay in the CPU cache); the
 * JDK uses the processor's SHA instructions where it has them. Stateless and thread-safe.
 */
public final class FileDigest {
  private static final int BUFFER = 1 << 16;

  private FileDigest() {}

  /**
   * Hashes a regular file.
   *
   * @throws IOException when it cannot be read or is a directory ("hash a tree with the git
   *     flavour")
   */
  public static String sha256(Path file) throws IOException {
    if (Files.isDirectory(file)) {
      throw new IOException(
          file + ": is a directory; sha256 hashes one file, git or otumat a tree");
    }
    MessageDigest sha256 = Sha256.newDigest();
    byte[] buffer = new byte[BUFFER];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        sha256.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(sha256.digest());
  }
}
