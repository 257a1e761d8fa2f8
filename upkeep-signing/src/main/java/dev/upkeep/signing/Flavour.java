package dev.upkeep.signing;

/**
 * How a tree hash is computed. Both flavours hash a listing of the tree — one line {@code <mode>
 * <blob-sha1> 0\t<path>\n} per file — as a git blob: the SHA-1 of {@code blob <length>\0<listing>},
 * 40 lowercase hex characters. Paths start with the tree's own name (they are relative to its
 * parent directory); an archive's paths are its entry names.
 */
public enum Flavour {
  /**
   * Exactly what {@code git ls-files -s DIR | git hash-object --stdin} prints, run in DIR's parent,
   * for a clean tree whose every file is tracked: modes {@code 100644}, {@code 100755} (owner may
   * execute) and {@code 120000} (a symbolic link, hashed as its target), content as stored (any
   * bytes), entries ordered by the bytes of their full path (so {@code a.b/f} before {@code a/f}),
   * paths quoted as git quotes them by default ({@code core.quotePath}: control characters, {@code
   * "}, {@code \} and non-ASCII bytes as C escapes in double quotes). {@code .git} entries are left
   * out. The default, and the only flavour that hashes binary files.
   */
  GIT,
  /**
   * otumat 0.3's {@code hash_pkg}, to verify what otumat signed (PROTOCOLS.md §5.1): every file
   * mode {@code 100644}, symbolic links followed, content read as UTF-8 text with CR and CRLF
   * turned into LF and lengths counted in characters, each directory's children ordered by name,
   * paths containing {@code pycache} left out, paths unquoted. A file that is not UTF-8 text cannot
   * be hashed (otumat fails on it too). Unlike otumat, {@code pycache} is looked for in the path
   * below the tree's parent only, so the hash does not depend on where the tree lies.
   */
  OTUMAT;

  /** The flavour named {@code git} or {@code otumat} (any case). */
  public static Flavour parse(String name) {
    for (Flavour f : values()) {
      if (f.name().equalsIgnoreCase(name)) {
        return f;
      }
    }
    throw new IllegalArgumentException("flavour must be git or otumat, was " + name);
  }

  @Override
  public String toString() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
