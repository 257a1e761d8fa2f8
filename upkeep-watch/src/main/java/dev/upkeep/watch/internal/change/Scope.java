package dev.upkeep.watch.internal.change;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Which files a watch looks at: one file (watched through its directory), or every file under a
 * directory that matches an include glob (or any, with none) and no exclude glob. A glob without
 * {@code /} matches a name at any depth, one with {@code /} the path relative to the directory. The
 * state file and its temporary files are never in scope. Immutable.
 */
public final class Scope {
  private final Path target; // absolute, normalized
  private final boolean directory;
  private final List<PathMatcher> include;
  private final List<PathMatcher> exclude;
  private final List<Boolean> includeByName;
  private final List<Boolean> excludeByName;
  private final Path stateFile; // absolute, normalized; null without one

  private Scope(
      Path target, boolean directory, List<String> include, List<String> exclude, Path stateFile) {
    this.target = target;
    this.directory = directory;
    FileSystem fs = target.getFileSystem();
    this.include = include.stream().map(g -> fs.getPathMatcher("glob:" + g)).toList();
    this.exclude = exclude.stream().map(g -> fs.getPathMatcher("glob:" + g)).toList();
    this.includeByName = include.stream().map(g -> !g.contains("/")).toList();
    this.excludeByName = exclude.stream().map(g -> !g.contains("/")).toList();
    this.stateFile = stateFile;
  }

  /**
   * The scope of a watch of {@code path}: a directory when it is one now, else a file.
   *
   * @param stateFile the state file to leave out, or null
   * @throws IllegalArgumentException when the file's directory does not exist, or globs are given
   *     for a file
   */
  public static Scope of(Path path, List<String> include, List<String> exclude, Path stateFile) {
    Path target = path.toAbsolutePath().normalize();
    Path state = stateFile == null ? null : stateFile.toAbsolutePath().normalize();
    if (Files.isDirectory(target)) {
      return new Scope(target, true, include, exclude, state);
    }
    Path parent = target.getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      throw new IllegalArgumentException(
          "cannot watch "
              + path
              + ": its directory "
              + parent
              + " does not exist; create it first (the file itself may come later)");
    }
    if (!include.isEmpty() || !exclude.isEmpty()) {
      throw new IllegalArgumentException(
          "include and exclude globs apply to a watched directory, but "
              + path
              + " is a file; watch its directory instead, or leave the globs out");
    }
    return new Scope(target, false, List.of(), List.of(), state);
  }

  /** The watched file or directory, absolute and normalized. */
  public Path target() {
    return target;
  }

  /** Whether a directory tree is watched (else one file). */
  public boolean directory() {
    return directory;
  }

  /** The directory whose events matter: the watched directory, or the watched file's directory. */
  public Path root() {
    return directory ? target : target.getParent();
  }

  /** Whether a path (absolute) is a file this watch looks at, by name only (no I/O). */
  public boolean covers(Path file) {
    if (!directory) {
      return file.equals(target);
    }
    if (!file.startsWith(target) || file.equals(target) || isStateFile(file)) {
      return false;
    }
    Path relative = target.relativize(file);
    for (Path dir = relative.getParent(); dir != null; dir = dir.getParent()) {
      if (matches(exclude, excludeByName, dir)) {
        return false;
      }
    }
    if (matches(exclude, excludeByName, relative)) {
      return false;
    }
    return include.isEmpty() || matches(include, includeByName, relative);
  }

  /** Whether a directory under the watched one is left out with everything under it. */
  public boolean skips(Path dir) {
    return directory
        && !dir.equals(target)
        && dir.startsWith(target)
        && matches(exclude, excludeByName, target.relativize(dir));
  }

  /**
   * The regular files in scope under {@code start} (the target for everything), following symbolic
   * links to files but not into directories.
   */
  List<Path> files(Path start) throws IOException {
    if (!directory) {
      return Files.isRegularFile(target) ? List.of(target) : List.of();
    }
    List<Path> out = new ArrayList<>();
    if (!Files.isDirectory(start)) {
      if (covers(start) && Files.isRegularFile(start)) {
        out.add(start);
      }
      return out;
    }
    Files.walkFileTree(
        start,
        Set.of(),
        Integer.MAX_VALUE,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            return skips(dir) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            if (covers(file) && Files.isRegularFile(file)) {
              out.add(file);
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) {
            return FileVisitResult.CONTINUE; // deleted meanwhile, or unreadable: not in scope
          }
        });
    return out;
  }

  private boolean isStateFile(Path file) {
    if (stateFile == null) {
      return false;
    }
    if (file.equals(stateFile)) {
      return true;
    }
    String name = file.getFileName().toString();
    return file.getParent().equals(stateFile.getParent())
        && name.startsWith("." + stateFile.getFileName() + ".")
        && name.endsWith(".tmp");
  }

  private static boolean matches(List<PathMatcher> globs, List<Boolean> byName, Path relative) {
    for (int i = 0; i < globs.size(); i++) {
      Path subject = byName.get(i) ? relative.getFileName() : relative;
      if (globs.get(i).matches(subject)) {
        return true;
      }
    }
    return false;
  }
}
