package dev.upkeep.signing.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A jar or zip as the tree of its entries: paths are entry names, modes come from the Unix
 * attributes the zip recorded (100644 when none), directories and the jar's own signature entries
 * ({@value #SIGNATURES}) are left out. Open while hashing.
 */
public final class ArchiveTree implements Tree {
  /** Where a signed jar keeps its signature entries, left out of its tree hash: {@value}. */
  public static final String SIGNATURES = "META-INF/upkeep/";

  private static final int TYPE_MASK = 0170000;
  private static final int SYMLINK = 0120000;

  private final ZipFile zip;
  private final List<TreeEntry> entries;

  private ArchiveTree(ZipFile zip, List<TreeEntry> entries) {
    this.zip = zip;
    this.entries = entries;
  }

  /** Whether {@code path} is a regular file named as a jar, zip, war or ear (any case). */
  public static boolean isArchive(Path path) {
    Path name = path.getFileName();
    if (name == null || !Files.isRegularFile(path)) {
      return false;
    }
    String n = name.toString().toLowerCase(Locale.ROOT);
    return n.endsWith(".jar") || n.endsWith(".zip") || n.endsWith(".war") || n.endsWith(".ear");
  }

  static ArchiveTree open(Path file, boolean skipPycache) throws IOException {
    Map<String, Integer> modes = ZipModes.read(file);
    ZipFile zip = new ZipFile(file.toFile());
    try {
      List<TreeEntry> entries = new ArrayList<>();
      Set<String> seen = new HashSet<>();
      for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
        ZipEntry entry = e.nextElement();
        String name = entry.getName();
        if (entry.isDirectory()
            || name.startsWith(SIGNATURES)
            || (skipPycache && name.contains("pycache"))) {
          continue;
        }
        if (!seen.add(name)) {
          throw new IOException(file + ": two entries are named " + name);
        }
        entries.add(
            new TreeEntry(
                name, kind(modes.get(name)), entry.getSize(), () -> zip.getInputStream(entry)));
      }
      return new ArchiveTree(zip, entries);
    } catch (IOException | RuntimeException e) {
      zip.close();
      throw e;
    }
  }

  private static TreeEntry.Kind kind(Integer mode) {
    if (mode == null) {
      return TreeEntry.Kind.FILE;
    }
    if ((mode & TYPE_MASK) == SYMLINK) {
      return TreeEntry.Kind.SYMLINK;
    }
    return (mode & 0100) != 0 ? TreeEntry.Kind.EXECUTABLE : TreeEntry.Kind.FILE;
  }

  @Override
  public List<TreeEntry> entries() {
    return entries;
  }

  @Override
  public void close() throws IOException {
    zip.close();
  }
}
