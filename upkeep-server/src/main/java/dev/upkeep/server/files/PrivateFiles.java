package dev.upkeep.server.files;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the collector's files and directories private to the user running it: directories 0700
 * and files 0600, with the mode given at creation (no window in which a wider mode exists).
 *
 * <p>Files and directories that already exist keep their mode: an operator may have widened it on
 * purpose (a backup user in the group). When it is wider than private, one WARN line per path and
 * process names the path, its mode and the command that narrows it. On a file system without POSIX
 * permissions (Windows) paths are created with the platform's defaults and nothing is checked.
 *
 * <p>Thread-safe.
 */
public final class PrivateFiles {
  private static final Logger LOG = LoggerFactory.getLogger(PrivateFiles.class);
  private static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
  private static final Set<Path> WARNED = ConcurrentHashMap.newKeySet();

  private PrivateFiles() {}

  /**
   * Creates {@code dir} and its missing parents with mode 0700; an existing directory is kept and
   * checked.
   *
   * @throws IOException when a directory cannot be created
   */
  public static Path directory(Path dir) throws IOException {
    Path abs = dir.toAbsolutePath().normalize();
    if (Files.isDirectory(abs)) {
      checkPrivate(abs, DIR);
      return dir;
    }
    Path parent = abs.getParent();
    if (parent != null && !Files.exists(parent)) {
      directory(parent);
    }
    try {
      if (posix(abs)) {
        Files.createDirectory(abs, PosixFilePermissions.asFileAttribute(DIR));
      } else {
        Files.createDirectory(abs);
      }
    } catch (FileAlreadyExistsException e) {
      if (!Files.isDirectory(abs)) {
        throw e;
      }
    }
    return dir;
  }

  /**
   * Creates the empty file {@code file} with mode 0600 when it does not exist (its directory must
   * exist); an existing file is kept and checked.
   *
   * @return true when the file was created by this call
   * @throws IOException when the file cannot be created
   */
  public static boolean file(Path file) throws IOException {
    Path abs = file.toAbsolutePath().normalize();
    try {
      Files.createFile(abs, attributes(abs, FILE));
      return true;
    } catch (FileAlreadyExistsException e) {
      checkPrivate(abs, FILE);
      return false;
    }
  }

  /** The attribute giving mode 0600 at creation, or none on a non-POSIX file system. */
  public static FileAttribute<?>[] fileMode(Path dir) {
    return attributes(dir, FILE);
  }

  /** Logs one WARN line (once per path) when {@code path} exists with a mode wider than private. */
  public static void checkPrivate(Path path) {
    checkPrivate(path.toAbsolutePath().normalize(), Files.isDirectory(path) ? DIR : FILE);
  }

  private static void checkPrivate(Path abs, Set<PosixFilePermission> allowed) {
    if (!posix(abs)) {
      return;
    }
    try {
      Set<PosixFilePermission> actual = Files.getPosixFilePermissions(abs);
      if (!allowed.containsAll(actual) && WARNED.add(abs)) {
        LOG.warn(
            "{} has mode {}, wider than {}: other users of this machine may read it; the"
                + " collector keeps the mode you chose, narrow it with: chmod {} {}",
            abs,
            PosixFilePermissions.toString(actual),
            PosixFilePermissions.toString(allowed),
            allowed == DIR ? "700" : "600",
            abs);
      }
    } catch (IOException | UnsupportedOperationException e) {
      // cannot read the mode: nothing to warn about
    }
  }

  private static FileAttribute<?>[] attributes(Path near, Set<PosixFilePermission> mode) {
    return posix(near)
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(mode)}
        : new FileAttribute<?>[0];
  }

  private static boolean posix(Path p) {
    return p.getFileSystem().supportedFileAttributeViews().contains("posix");
  }
}
