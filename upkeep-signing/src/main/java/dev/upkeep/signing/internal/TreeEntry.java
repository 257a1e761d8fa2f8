package dev.upkeep.signing.internal;

import java.io.IOException;
import java.io.InputStream;

/**
 * One file of a tree as the hash sees it.
 *
 * @param path {@code /}-separated, relative to the tree's parent (or the archive's root), unquoted
 * @param kind regular file, executable file or symbolic link
 * @param size bytes of content, or -1 when not known before reading (archive entries)
 * @param content opens the bytes to hash: a file's content or a link's target
 */
record TreeEntry(String path, Kind kind, long size, Content content) {

  /** A file's git mode. */
  enum Kind {
    FILE("100644"),
    EXECUTABLE("100755"),
    SYMLINK("120000");

    private final String mode;

    Kind(String mode) {
      this.mode = mode;
    }

    String mode() {
      return mode;
    }
  }

  /** Opens the bytes of an entry; may be called from any thread. */
  @FunctionalInterface
  interface Content {
    InputStream open() throws IOException;
  }
}
