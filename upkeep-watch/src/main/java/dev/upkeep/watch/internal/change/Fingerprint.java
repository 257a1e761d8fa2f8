package dev.upkeep.watch.internal.change;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * What a file's content was when last looked at: size, modification time, status change time (Unix
 * {@code ctime}, which every write moves and nobody can set back) and identity (device and inode),
 * and a SHA-256 of its bytes. The hash is computed only when one of the others changed.
 */
final class Fingerprint {
  private static final int BUFFER = 64 * 1024;
  private static final String UNIX = "unix:size,lastModifiedTime,ctime,fileKey";
  private static volatile boolean unix = true;

  private final long size;
  private final FileTime modified;
  private final FileTime changed; // null where there is no ctime
  private final Object fileKey; // null where the file system has none
  private final byte[] sha256; // null when the file could not be read

  private Fingerprint(
      long size, FileTime modified, FileTime changed, Object fileKey, byte[] sha256) {
    this.size = size;
    this.modified = modified;
    this.changed = changed;
    this.fileKey = fileKey;
    this.sha256 = sha256;
  }

  /**
   * The file's fingerprint now: {@code previous} itself when size, time and identity are unchanged
   * (no read), else a new one with the hash of the bytes.
   *
   * @param previous the last fingerprint of the same path, or null
   * @throws IOException when the file's attributes cannot be read (it was deleted meanwhile)
   */
  static Fingerprint of(Path file, Fingerprint previous) throws IOException {
    long size;
    FileTime modified;
    FileTime changed = null;
    Object fileKey;
    Map<String, Object> a = unix ? unixAttributes(file) : null;
    if (a != null) {
      size = (Long) a.get("size");
      modified = (FileTime) a.get("lastModifiedTime");
      changed = (FileTime) a.get("ctime");
      fileKey = a.get("fileKey");
    } else {
      BasicFileAttributes b = Files.readAttributes(file, BasicFileAttributes.class);
      size = b.size();
      modified = b.lastModifiedTime();
      fileKey = b.fileKey();
    }
    if (previous != null
        && previous.size == size
        && previous.modified.equals(modified)
        && Objects.equals(previous.changed, changed)
        && Objects.equals(previous.fileKey, fileKey)) {
      return previous;
    }
    return new Fingerprint(size, modified, changed, fileKey, sha256(file));
  }

  private static Map<String, Object> unixAttributes(Path file) throws IOException {
    try {
      return Files.readAttributes(file, UNIX);
    } catch (UnsupportedOperationException | IllegalArgumentException e) {
      unix = false; // not a Unix file system (Windows): size, time and identity only
      return null;
    }
  }

  /**
   * Whether both have the same content: same size and hash; when either could not be read, same
   * size, time and identity.
   */
  boolean sameContent(Fingerprint other) {
    if (size != other.size) {
      return false;
    }
    if (sha256 == null || other.sha256 == null) {
      return modified.equals(other.modified)
          && Objects.equals(changed, other.changed)
          && Objects.equals(fileKey, other.fileKey);
    }
    return Arrays.equals(sha256, other.sha256);
  }

  /** Whether the bytes could be read and hashed. */
  boolean readable() {
    return sha256 != null;
  }

  private static byte[] sha256(Path file) {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JDK has no SHA-256", e);
    }
    byte[] buffer = new byte[BUFFER];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
    } catch (IOException e) {
      return null;
    }
    return digest.digest();
  }
}
