package dev.upkeep.client.internal;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes the client's small files (user id, consent decision, credentials) so only their owner can
 * read them and no reader ever sees half a file: a missing directory is made 0700, the content goes
 * to a 0600 temporary file in the same directory, which is then renamed over the target (atomically
 * where the file system can). On file systems without POSIX permissions (Windows) the modes are
 * left to the system. Stateless, thread-safe; concurrent writers of one file leave one whole
 * version.
 */
public final class PrivateFiles {
  /** Mode of a directory made here: {@code rwx------}. */
  public static final Set<PosixFilePermission> DIR_MODE =
      PosixFilePermissions.fromString("rwx------");

  /** Mode of a file written here: {@code rw-------}. */
  public static final Set<PosixFilePermission> FILE_MODE =
      PosixFilePermissions.fromString("rw-------");

  private PrivateFiles() {}

  /**
   * Replaces {@code file} with {@code bytes}.
   *
   * @throws IOException when the directory cannot be made or the file written; the old content, if
   *     any, is then unchanged
   */
  public static void write(Path file, byte[] bytes) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
    if (!Files.isDirectory(dir)) {
      if (posix) {
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIR_MODE));
      } else {
        Files.createDirectories(dir);
      }
    }
    FileAttribute<?>[] attrs =
        posix
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE_MODE)}
            : new FileAttribute<?>[0];
    Path tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp", attrs);
    try {
      if (posix) {
        Files.setPosixFilePermissions(tmp, FILE_MODE); // in case of an unusual umask
      }
      Files.write(tmp, bytes);
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
