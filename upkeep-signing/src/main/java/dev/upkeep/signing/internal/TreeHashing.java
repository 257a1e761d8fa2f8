package dev.upkeep.signing.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Computes a tree's listing and hash in either flavour: git's, or otumat's ({@code otumat}: every
 * file mode {@code 100644}, paths unquoted, the listing's length counted in characters).
 */
public final class TreeHashing {
  private TreeHashing() {}

  /** The listing of the tree at {@code path}: one {@code <mode> <blob> 0\t<path>\n} per file. */
  public static String listing(Path path, boolean otumat) throws IOException {
    try (Tree tree = Tree.open(path, otumat, otumat)) {
      return listing(tree.entries(), otumat);
    }
  }

  static String listing(List<TreeEntry> unordered, boolean otumat) throws IOException {
    List<TreeEntry> entries =
        unordered.stream()
            .map(e -> new Keyed(sortKey(e.path(), otumat), e))
            .sorted((a, b) -> Arrays.compareUnsigned(a.key(), b.key()))
            .map(Keyed::entry)
            .toList();
    String[] blobs = BlobHashes.of(entries, otumat);
    StringBuilder listing = new StringBuilder(entries.size() * 64);
    for (int i = 0; i < blobs.length; i++) {
      TreeEntry e = entries.get(i);
      listing
          .append(otumat ? TreeEntry.Kind.FILE.mode() : e.kind().mode())
          .append(' ')
          .append(blobs[i])
          .append(" 0\t")
          .append(otumat ? e.path() : GitQuoting.quote(e.path()))
          .append('\n');
    }
    return listing.toString();
  }

  /**
   * The git listing of files whose blob ids are known, every file mode {@code 100644}, in git's
   * index order.
   */
  public static String gitListing(Map<String, String> blobByPath) {
    List<Map.Entry<String, String>> entries =
        blobByPath.entrySet().stream()
            .sorted(
                (a, b) ->
                    Arrays.compareUnsigned(sortKey(a.getKey(), false), sortKey(b.getKey(), false)))
            .toList();
    StringBuilder listing = new StringBuilder(entries.size() * 64);
    for (Map.Entry<String, String> e : entries) {
      listing
          .append(TreeEntry.Kind.FILE.mode())
          .append(' ')
          .append(e.getValue())
          .append(" 0\t")
          .append(GitQuoting.quote(e.getKey()))
          .append('\n');
    }
    return listing.toString();
  }

  /**
   * The hash of a listing: SHA-1 of it as a git blob; the otumat flavour counts the listing's
   * length in characters.
   */
  public static String hash(String listing, boolean otumat) {
    byte[] bytes = listing.getBytes(StandardCharsets.UTF_8);
    long length = otumat ? OtumatText.length(listing) : bytes.length;
    return BlobHashes.hex(BlobHashes.sha1(), BlobHashes.header(length), bytes, bytes.length);
  }

  private record Keyed(byte[] key, TreeEntry entry) {}

  /**
   * The bytes an entry sorts by, unsigned. git's index order is the bytes of the full path ({@code
   * a.b/f} before {@code a/f}). otumat walks each directory's children by name, depth first: the
   * same as the bytes of the path with {@code /} below every other byte ({@code a/f} before {@code
   * a.b/f}), so it becomes 0 (a name never holds a NUL).
   */
  private static byte[] sortKey(String path, boolean otumat) {
    byte[] key = path.getBytes(StandardCharsets.UTF_8);
    if (otumat) {
      for (int i = 0; i < key.length; i++) {
        if (key[i] == '/') {
          key[i] = 0;
        }
      }
    }
    return key;
  }
}
