package dev.upkeep.signing.internal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The files a tree hash covers: a directory's, a single file's or an archive's entries. */
interface Tree extends Closeable {

  /** The entries, in no particular order; paths are unique. */
  List<TreeEntry> entries();

  /**
   * Opens {@code path}: a {@code .jar}, {@code .zip}, {@code .war} or {@code .ear} file as the tree
   * of its entries, a directory or any other file as itself.
   *
   * @param followLinks whether symbolic links are followed (otumat) or hashed as links (git)
   * @param skipPycache whether paths containing {@code pycache} are left out (otumat)
   */
  static Tree open(Path path, boolean followLinks, boolean skipPycache) throws IOException {
    if (ArchiveTree.isArchive(path)) {
      return ArchiveTree.open(path, skipPycache);
    }
    return DirectoryTree.walk(path, followLinks, skipPycache);
  }

  @Override
  default void close() throws IOException {}
}
