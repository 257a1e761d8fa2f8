package dev.upkeep.archive;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import org.eclipse.jgit.ignore.FastIgnoreRule;
import org.eclipse.jgit.ignore.IgnoreNode;

/**
 * Chooses the files of a directory to publish as a release.
 *
 * <p>A path is published when it is not excluded or when it is included; includes win:
 *
 * <ul>
 *   <li>excluded: by the {@linkplain #DEFAULT_EXCLUDES default deny list}, by every {@code
 *       .gitignore} in the tree (git's own rules, read by JGit: nested files, negation, {@code **},
 *       directory-only patterns), or by an {@code --exclude} pattern;
 *   <li>included: by a line of a {@code .rmeinclude} file (gitignore syntax, relative to its
 *       directory) or an {@code --include} pattern.
 * </ul>
 *
 * {@code --include} and {@code --exclude} patterns use gitignore syntax relative to the root.
 * Symbolic links are followed, as rmellipse follows them: a linked file is published with the
 * target's bytes, a linked directory as a directory. A dangling link or a link loop is an error
 * naming it. A published file that looks secret — by name ({@code .env}, {@code *.pem}, {@code
 * *.key}, {@code id_rsa}, …) — gets a warning naming it. Directories are kept when they are not
 * excluded or hold something published, so empty directories are published as rmellipse does.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class FileSelection {
  /**
   * What is never published unless included explicitly: environment files, rmellipse's and git's
   * own directories, build output, Python caches and private keys.
   */
  public static final List<String> DEFAULT_EXCLUDES =
      List.of(
          ".env*",
          ".rme/",
          ".git",
          "__pycache__/",
          "target/",
          "*.pem",
          "*.key",
          "id_rsa",
          "id_dsa",
          "id_ecdsa",
          "id_ed25519",
          "id_ecdsa_sk",
          "id_ed25519_sk");

  private static final List<String> SECRET_NAMES =
      List.of(
          ".env*",
          "*.pem",
          "*.key",
          "*.p12",
          "*.pfx",
          "*.jks",
          "*.keystore",
          "id_rsa",
          "id_dsa",
          "id_ecdsa",
          "id_ed25519",
          "id_ecdsa_sk",
          "id_ed25519_sk",
          ".netrc",
          ".pgpass",
          ".git-credentials",
          "*.kdbx");

  private final IgnoreNode defaults;
  private final IgnoreNode excludes;
  private final IgnoreNode includes;
  private final IgnoreNode secrets;

  private FileSelection(List<String> include, List<String> exclude, boolean useDefaults) {
    this.defaults = node(useDefaults ? DEFAULT_EXCLUDES : List.of());
    this.excludes = node(exclude);
    this.includes = node(include);
    this.secrets = node(SECRET_NAMES);
  }

  /** The default selection: deny list, {@code .gitignore} and {@code .rmeinclude} files. */
  public static FileSelection standard() {
    return new FileSelection(List.of(), List.of(), true);
  }

  /**
   * A selection with extra patterns (gitignore syntax, relative to the root).
   *
   * @param include patterns published whatever excludes them ({@code --include})
   * @param exclude patterns never published unless included ({@code --exclude})
   */
  public static FileSelection of(List<String> include, List<String> exclude) {
    return new FileSelection(
        Objects.requireNonNull(include, "include"),
        Objects.requireNonNull(exclude, "exclude"),
        true);
  }

  private static IgnoreNode node(List<String> patterns) {
    List<FastIgnoreRule> rules = new ArrayList<>();
    for (String p : patterns) {
      String line = p.strip();
      if (!line.isEmpty() && !line.startsWith("#")) {
        rules.add(new FastIgnoreRule(line));
      }
    }
    return new IgnoreNode(rules);
  }

  /**
   * Walks {@code root} and chooses what to publish.
   *
   * @throws NoSuchFileException when {@code root} is not there
   * @throws IOException naming the file: not a directory, a dangling symbolic link, a link loop, an
   *     unreadable directory or ignore file
   */
  public Selection select(Path root) throws IOException {
    if (!Files.isDirectory(root)) {
      if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
        throw new NoSuchFileException(root.toString(), null, "no such directory");
      }
      throw new IOException(root + ": not a directory; give the directory to publish");
    }
    Walk walk = new Walk(root);
    Files.walkFileTree(root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, walk);
    TreeSet<String> dirs = new TreeSet<>(walk.directories);
    for (Selection.Entry e : walk.files) {
      addParents(dirs, e.path());
    }
    List<Selection.Entry> files = new ArrayList<>(walk.files);
    files.sort((a, b) -> a.path().compareTo(b.path()));
    return new Selection(root, files, new ArrayList<>(dirs), walk.warnings);
  }

  private static void addParents(TreeSet<String> dirs, String path) {
    for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
      dirs.add(path.substring(0, slash));
    }
  }

  /** One directory's {@code .gitignore} and {@code .rmeinclude} rules, and its path. */
  private record Level(String prefix, IgnoreNode ignore, IgnoreNode include) {}

  private final class Walk extends SimpleFileVisitor<Path> {
    final Path root;
    final Deque<Level> levels = new ArrayDeque<>();
    final List<Selection.Entry> files = new ArrayList<>();
    final List<String> directories = new ArrayList<>();
    final List<String> warnings = new ArrayList<>();

    Walk(Path root) {
      this.root = root;
    }

    private String relative(Path p) {
      Path r = root.relativize(p);
      List<String> parts = new ArrayList<>();
      r.forEach(part -> parts.add(part.toString()));
      return String.join("/", parts);
    }

    @Override
    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
        throws IOException {
      String path = relative(dir);
      if (!path.isEmpty()) {
        boolean kept = !isExcluded(path, true) || isIncluded(path, true);
        if (kept) {
          directories.add(path);
        } else if (!mayIncludeBelow()) {
          return FileVisitResult.SKIP_SUBTREE;
        }
      }
      levels.push(
          new Level(
              path.isEmpty() ? "" : path + "/",
              read(dir.resolve(".gitignore")),
              read(dir.resolve(".rmeinclude"))));
      return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
      if (e != null) {
        throw e;
      }
      levels.pop();
      return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
      String path = relative(file);
      if (isExcluded(path, false) && !isIncluded(path, false)) {
        return FileVisitResult.CONTINUE;
      }
      if (attrs.isSymbolicLink()) {
        // With FOLLOW_LINKS, the walker hands over a link itself only when its target is missing.
        throw dangling(path, file, null);
      }
      if (!attrs.isRegularFile()) {
        throw new IOException(path + ": not a regular file, directory or link; cannot publish it");
      }
      files.add(new Selection.Entry(path, file));
      if (Boolean.TRUE.equals(secrets.checkIgnored(file.getFileName().toString(), false))) {
        warnings.add(
            path + " looks like a secret and will be published; exclude it unless that is meant");
      }
      return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
      String path = relative(file);
      if (e instanceof FileSystemLoopException) {
        throw new IOException(path + ": symbolic link loop; remove the link or exclude it", e);
      }
      if (Files.isSymbolicLink(file) && !Files.exists(file)) {
        throw dangling(path, file, e);
      }
      throw new IOException(path + ": cannot read it (" + e.getMessage() + ")", e);
    }

    private IOException dangling(String path, Path link, IOException cause) throws IOException {
      return new IOException(
          path
              + ": dangling symbolic link to "
              + Files.readSymbolicLink(link)
              + "; remove it or exclude it (--exclude '"
              + path
              + "')",
          cause);
    }

    private boolean isExcluded(String path, boolean dir) {
      if (Boolean.TRUE.equals(excludes.checkIgnored(path, dir))
          || Boolean.TRUE.equals(defaults.checkIgnored(path, dir))) {
        return true;
      }
      for (Level level : levels) {
        Boolean r = level.ignore().checkIgnored(path.substring(level.prefix().length()), dir);
        if (r != null) {
          return r;
        }
      }
      return false;
    }

    private boolean isIncluded(String path, boolean dir) {
      if (Boolean.TRUE.equals(includes.checkIgnored(path, dir))) {
        return true;
      }
      for (Level level : levels) {
        Boolean r = level.include().checkIgnored(path.substring(level.prefix().length()), dir);
        if (r != null) {
          return r;
        }
      }
      return false;
    }

    /** Whether an include pattern could pick something inside an excluded directory. */
    private boolean mayIncludeBelow() {
      if (!includes.getRules().isEmpty()) {
        return true;
      }
      for (Level level : levels) {
        if (!level.include().getRules().isEmpty()) {
          return true;
        }
      }
      return false;
    }
  }

  private static IgnoreNode read(Path file) throws IOException {
    IgnoreNode node = new IgnoreNode();
    if (Files.isRegularFile(file)) {
      try (InputStream in = Files.newInputStream(file)) {
        node.parse(file.toString(), in);
      }
    }
    return node;
  }
}
