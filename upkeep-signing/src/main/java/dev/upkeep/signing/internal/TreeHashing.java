package dev.upkeep.signing.internal;

import dev.upkeep.signing.Flavour;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** Computes a tree's listing and hash in either flavour; see {@link Flavour}. */
public final class TreeHashing {
  private TreeHashing() {}

  /** The listing of the tree at {@code path}: one {@code <mode> <blob> 0\t<path>\n} per file. */
  public static String listing(Path path, Flavour flavour) throws IOException {
    boolean otumat = flavour == Flavour.OTUMAT;
    try (Tree tree = Tree.open(path, otumat, otumat)) {
      return listing(tree.entries(), flavour);
    }
  }

  static String listing(List<TreeEntry> unordered, Flavour flavour) throws IOException {
    boolean otumat = flavour == Flavour.OTUMAT;
    List<TreeEntry> entries = new ArrayList<>(unordered);
    entries.sort(otumat ? BY_DIRECTORY_THEN_NAME : BY_PATH_BYTES);
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
   * The hash of a listing: SHA-1 of it as a git blob; the otumat flavour counts the listing's
   * length in characters.
   */
  public static String hash(String listing, Flavour flavour) {
    byte[] bytes = listing.getBytes(StandardCharsets.UTF_8);
    long length = flavour == Flavour.OTUMAT ? OtumatText.length(listing) : bytes.length;
    return BlobHashes.hex(BlobHashes.sha1(), BlobHashes.header(length), bytes, bytes.length);
  }

  /** git's index order: the unsigned bytes of the full path. */
  private static final Comparator<TreeEntry> BY_PATH_BYTES =
      (a, b) ->
          Arrays.compareUnsigned(
              a.path().getBytes(StandardCharsets.UTF_8), b.path().getBytes(StandardCharsets.UTF_8));

  /** otumat's walk: each directory's children sorted by name (code points), depth first. */
  private static final Comparator<TreeEntry> BY_DIRECTORY_THEN_NAME =
      (a, b) -> {
        String[] x = a.path().split("/", -1);
        String[] y = b.path().split("/", -1);
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
          int c =
              Arrays.compareUnsigned(
                  x[i].getBytes(StandardCharsets.UTF_8), y[i].getBytes(StandardCharsets.UTF_8));
          if (c != 0) {
            return c;
          }
        }
        return Integer.compare(x.length, y.length);
      };
}
