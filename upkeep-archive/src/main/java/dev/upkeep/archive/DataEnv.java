package dev.upkeep.archive;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A project's {@code data_env/}, laid out as rmellipse's sync lays it out, with symbolic links into
 * the release cache (nothing is copied):
 *
 * <pre>{@code
 * data_env/.gitignore                          "#made by rmellipse" and "*"
 * data_env/.packages/<title>-v<version>/...    the release's tree: directories, files as links
 * data_env/<title>-v<version>/<dataset><ext>   each dataset of the record, linked
 * data_env/<title>/<dataset><ext>              the same, under the versionless title
 * }</pre>
 *
 * A dataset named {@code my-output} pointing at {@code results/output-file.txt} is linked as {@code
 * my-output.txt} (the pointer's suffixes kept, as Python's {@code Path.suffixes}); a dataset that
 * is a directory becomes a directory of links. Everything else in {@code data_env/} is removed: the
 * directory is rmellipse's to manage (git ignores it).
 */
final class DataEnv {
  static final String GITIGNORE = "#made by rmellipse\n*";

  private DataEnv() {}

  /** Links {@code releases} (each to its pulled directory) into {@code project}'s data_env. */
  static void link(Path project, Map<ReleaseRecord, Path> releases, TransferListener listener)
      throws IOException {
    Path env = project.resolve("data_env");
    Path packages = env.resolve(".packages");
    Files.createDirectories(packages);
    Files.writeString(env.resolve(".gitignore"), GITIGNORE);
    Files.writeString(packages.resolve(".gitignore"), GITIGNORE);
    clear(env, Set.of(".gitignore", ".packages"));
    clear(packages, Set.of(".gitignore"));
    for (Map.Entry<ReleaseRecord, Path> e : releases.entrySet()) {
      ReleaseRecord record = e.getKey();
      Path cached = e.getValue().toAbsolutePath();
      mirror(cached, packages.resolve(record.id().versionedTitle()));
      for (String name : List.of(record.id().versionedTitle(), record.id().title().value())) {
        Path dir = Files.createDirectories(env.resolve(name));
        for (Map.Entry<String, String> d : record.datasets().entrySet()) {
          Path source = cached.resolve(ReleasePath.check(d.getValue()));
          if (!Files.exists(source)) {
            listener.warning(
                "release "
                    + record.id()
                    + ": dataset "
                    + d.getKey()
                    + " points at "
                    + d.getValue()
                    + ", which the release does not hold; not linked");
            continue;
          }
          Path link = dir.resolve(d.getKey() + suffixes(d.getValue()));
          if (Files.isDirectory(source)) {
            mirror(source, link);
          } else {
            Files.createSymbolicLink(link, source);
          }
        }
      }
    }
  }

  /** Python's {@code "".join(Path(p).suffixes)}: {@code a/b.tar.gz} → {@code .tar.gz}. */
  static String suffixes(String path) {
    String name = path.substring(path.lastIndexOf('/') + 1);
    if (name.endsWith(".")) {
      return "";
    }
    String stem = name.replaceFirst("^\\.+", "");
    int dot = stem.indexOf('.');
    return dot < 0 ? "" : stem.substring(dot);
  }

  /** {@code target} becomes {@code source}'s tree: real directories, files as absolute links. */
  private static void mirror(Path source, Path target) throws IOException {
    Files.walkFileTree(
        source,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
              throws IOException {
            Files.createDirectories(target.resolve(source.relativize(dir).toString()));
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.createSymbolicLink(target.resolve(source.relativize(file).toString()), file);
            return FileVisitResult.CONTINUE;
          }
        });
  }

  /** Removes everything in {@code dir} but {@code keep}, never following links. */
  private static void clear(Path dir, Set<String> keep) throws IOException {
    Set<Path> doomed = new TreeSet<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path p : entries) {
        if (!keep.contains(p.getFileName().toString())) {
          doomed.add(p);
        }
      }
    }
    for (Path p : doomed) {
      delete(p);
    }
  }

  private static void delete(Path p) throws IOException {
    if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(p)) {
        for (Path child : entries) {
          delete(child);
        }
      }
    }
    Files.delete(p);
  }
}
