package dev.upkeep.signing;

import dev.upkeep.signing.internal.ArchiveTree;
import dev.upkeep.signing.internal.TreeHashing;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The hash of a tree of files — a directory, a single file, or a jar's or zip's entries — with the
 * listing it was computed from. What is hashed and how is set by the {@link Flavour}; the hash is
 * the SHA-1 (40 lowercase hex characters) that {@code git ls-files -s DIR | git hash-object
 * --stdin} prints (git flavour) or that otumat's {@code hash_pkg} returns (otumat flavour).
 *
 * <pre>{@code
 * TreeHash hash = TreeHash.of(Path.of("plugin1"), Flavour.GIT);
 * hash.hex();      // "a02e5d11c180fdd5d04c01c596b9fb299f1fd1eb"
 * hash.listing();  // "100644 3b18e5… 0\tplugin1/README.txt\n…"
 * }</pre>
 *
 * <p>A directory's paths start with its own name (they are relative to its parent); a single file
 * is a tree of one entry named by its file name; a {@code .jar}, {@code .zip}, {@code .war} or
 * {@code .ear} file is the tree of its entries, named as the archive names them, without
 * directories and without its own signature entries under {@code META-INF/upkeep/}. Files are
 * hashed in parallel, one thread per processor. Instances are immutable and thread-safe.
 */
public final class TreeHash {
  private final Flavour flavour;
  private final String hex;
  private final String listing;

  private TreeHash(Flavour flavour, String hex, String listing) {
    this.flavour = flavour;
    this.hex = hex;
    this.listing = listing;
  }

  /** The git-flavour hash of the tree at {@code path}; see {@link #of(Path, Flavour)}. */
  public static TreeHash of(Path path) throws IOException {
    return of(path, Flavour.GIT);
  }

  /**
   * Hashes the tree at {@code path}.
   *
   * @throws java.nio.file.NoSuchFileException when nothing is at {@code path}
   * @throws IOException when a file cannot be read, is not a regular file, directory or symbolic
   *     link, changes size while it is hashed, or (otumat flavour) is not UTF-8 text or a broken or
   *     looping link — the message names the file
   */
  public static TreeHash of(Path path, Flavour flavour) throws IOException {
    String listing = TreeHashing.listing(path, flavour == Flavour.OTUMAT);
    return new TreeHash(flavour, TreeHashing.hash(listing, flavour == Flavour.OTUMAT), listing);
  }

  /**
   * The hash of a listing kept from an earlier {@link #listing()} — for example the listing a
   * signature was made over — so that it can be compared with the tree as it is now.
   */
  public static TreeHash ofListing(String listing, Flavour flavour) {
    return new TreeHash(flavour, TreeHashing.hash(listing, flavour == Flavour.OTUMAT), listing);
  }

  /**
   * The git-flavour hash of files already hashed elsewhere — for example a release whose files were
   * hashed as they were pushed: each file's path ({@code /}-separated, relative to the tree's root,
   * unquoted) and its git blob id (40 lowercase hex: SHA-1 of {@code "blob <size>\0"} and the
   * bytes). Every file has mode {@code 100644}. Equal to {@code git ls-files -s | git hash-object
   * --stdin} run in the tree's root when no file there is executable or a link.
   *
   * @throws IllegalArgumentException when a blob id is not 40 lowercase hex digits
   */
  public static TreeHash ofGitBlobs(Map<String, String> blobByPath) {
    for (Map.Entry<String, String> e : blobByPath.entrySet()) {
      if (!e.getValue().matches("[0-9a-f]{40}")) {
        throw new IllegalArgumentException(
            e.getKey() + ": git blob id must be 40 lowercase hex digits, was " + e.getValue());
      }
    }
    String listing = TreeHashing.gitListing(blobByPath);
    return new TreeHash(Flavour.GIT, TreeHashing.hash(listing, false), listing);
  }

  /**
   * Whether {@code path} is hashed as the tree of its entries: a regular file named {@code *.jar},
   * {@code *.zip}, {@code *.war} or {@code *.ear} (any case).
   */
  public static boolean isArchive(Path path) {
    return ArchiveTree.isArchive(path);
  }

  /** The flavour this hash was computed in. */
  public Flavour flavour() {
    return flavour;
  }

  /** The hash: 40 lowercase hex characters. */
  public String hex() {
    return hex;
  }

  /**
   * The text that was hashed: one line {@code <mode> <blob-sha1> 0\t<path>\n} per file, in the
   * flavour's order; empty for a tree without files.
   */
  public String listing() {
    return listing;
  }

  /**
   * What differs between an earlier state of the tree ({@code before}, e.g. the listing a signature
   * covers) and this one: files changed, added, removed, renamed (same content, new path) or with
   * another mode, ordered by path; empty when the listings are equal.
   */
  public List<TreeDifference> differencesFrom(TreeHash before) {
    return TreeDifference.between(before.listing, listing);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TreeHash t && t.flavour == flavour && t.hex.equals(hex);
  }

  @Override
  public int hashCode() {
    return Objects.hash(flavour, hex);
  }

  @Override
  public String toString() {
    return hex;
  }
}
