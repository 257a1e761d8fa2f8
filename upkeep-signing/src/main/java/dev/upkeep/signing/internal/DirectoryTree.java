package dev.upkeep.signing.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** A directory (or a single file) on disk, walked once. */
final class DirectoryTree implements Tree {
  private final List<TreeEntry> entries;

  private DirectoryTree(List<TreeEntry> entries) {
    this.entries = entries;
  }

  @Override
  public List<TreeEntry> entries() {
    return entries;
  }

  static DirectoryTree walk(Path root, boolean followLinks, boolean skipPycache)
      throws IOException {
    Path absolute = root.toAbsolutePath().normalize();
    Path name = absolute.getFileName();
    if (name == null) {
      throw new IOException(root + ": a tree needs a name; hash a directory below the root");
    }
    if (!Files.exists(absolute, LinkOption.NOFOLLOW_LINKS)) {
      throw new NoSuchFileException(root.toString(), null, "no such file or directory");
    }
    Path parent = absolute.getParent();
    List<TreeEntry> entries = new ArrayList<>();
    Set<FileVisitOption> options =
        followLinks
            ? EnumSet.of(FileVisitOption.FOLLOW_LINKS)
            : EnumSet.noneOf(FileVisitOption.class);
    Files.walkFileTree(
        absolute,
        options,
        Integer.MAX_VALUE,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            if (!dir.equals(absolute) && skipped(dir)) {
              return FileVisitResult.SKIP_SUBTREE;
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            if (skipped(file)) {
              return FileVisitResult.CONTINUE;
            }
            String path = relative(file);
            if (attrs.isSymbolicLink()) {
              if (followLinks) {
                throw new IOException(
                    path + ": broken symbolic link (otumat's hash_pkg fails on it)");
              }
              byte[] target =
                  Files.readSymbolicLink(file).toString().getBytes(StandardCharsets.UTF_8);
              entries.add(
                  new TreeEntry(
                      path,
                      TreeEntry.Kind.SYMLINK,
                      target.length,
                      () -> new java.io.ByteArrayInputStream(target)));
            } else if (attrs.isRegularFile()) {
              TreeEntry.Kind kind =
                  !followLinks && ownerMayExecute(file)
                      ? TreeEntry.Kind.EXECUTABLE
                      : TreeEntry.Kind.FILE;
              entries.add(
                  new TreeEntry(path, kind, attrs.size(), () -> Files.newInputStream(file)));
            } else {
              throw new IOException(
                  path + ": not a regular file, directory or symbolic link; it cannot be hashed");
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
            if (e instanceof FileSystemLoopException) {
              throw new IOException(
                  relative(file) + ": symbolic link loop (otumat's hash_pkg would never end)", e);
            }
            throw e;
          }

          private boolean skipped(Path p) {
            String fileName = p.getFileName().toString();
            return skipPycache ? relative(p).contains("pycache") : fileName.equals(".git");
          }

          private String relative(Path p) {
            String r = parent.relativize(p).toString();
            return p.getFileSystem().getSeparator().equals("/")
                ? r
                : r.replace(p.getFileSystem().getSeparator(), "/");
          }
        });
    return new DirectoryTree(entries);
  }

  /**
   * git's rule: a regular file is 100755 when its owner may execute it. The walk hands out basic
   * attributes only, so this reads the POSIX ones (one more stat of a regular file); on a file
   * system without POSIX permissions every file is 100644.
   */
  private static boolean ownerMayExecute(Path file) throws IOException {
    return file.getFileSystem().supportedFileAttributeViews().contains("posix")
        && Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
            .permissions()
            .contains(PosixFilePermission.OWNER_EXECUTE);
  }
}
