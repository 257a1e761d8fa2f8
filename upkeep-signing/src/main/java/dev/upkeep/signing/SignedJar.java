package dev.upkeep.signing;

import dev.upkeep.signing.internal.ArchiveTree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The signature entries of a signed jar, under {@value #DIRECTORY} — the Java form of the {@code
 * <module>.sig} and {@code <module>.pub} metadata otumat's setuptools hook writes:
 *
 * <ul>
 *   <li>{@code <name>.sig}: the signature of the jar's tree hash (git flavour), one Base64 line;
 *   <li>{@code <name>.tree}: the listing that was hashed, so a verifier can name what changed;
 *   <li>{@code <name>.pub}: optional, a public key a base artifact ships for its plugins.
 * </ul>
 *
 * The tree hash of a jar leaves everything under {@value #DIRECTORY} out, so adding these entries
 * does not change it. Stateless and thread-safe; {@link #write} replaces the jar atomically.
 */
public final class SignedJar {
  /** Where signature entries live in a jar; excluded from the jar's tree hash. */
  public static final String DIRECTORY = ArchiveTree.SIGNATURES;

  /**
   * One signature found in a jar.
   *
   * @param name the entry name without directory and extension, e.g. the artifactId
   * @param signature the {@code .sig} entry's text
   * @param listing the {@code .tree} entry's text, or {@code null} when absent
   * @param publicKeyPem the {@code .pub} entry's text, or {@code null} when absent
   */
  public record Entry(String name, String signature, String listing, String publicKeyPem) {}

  private SignedJar() {}

  /**
   * Adds (or replaces) {@code <name>.sig}, {@code <name>.tree} and, when {@code publicKeyPem} is
   * not null, {@code <name>.pub} to the jar, dated like its manifest so builds stay reproducible.
   * The jar is rewritten in a temporary file beside it and moved into place; on failure it is left
   * as it was.
   */
  public static void write(
      Path jar, String name, String signatureLine, String listing, String publicKeyPem)
      throws IOException {
    Path absolute = jar.toAbsolutePath();
    Path temp = Files.createTempFile(absolute.getParent(), absolute.getFileName() + ".", ".tmp");
    try {
      Files.copy(absolute, temp, StandardCopyOption.REPLACE_EXISTING);
      try (FileSystem zip = FileSystems.newFileSystem(temp)) {
        Path dir = zip.getPath(DIRECTORY);
        Files.createDirectories(dir);
        FileTime time = manifestTime(zip);
        put(dir.resolve(name + ".sig"), signatureLine.strip() + "\n", time);
        put(dir.resolve(name + ".tree"), listing, time);
        if (publicKeyPem != null) {
          put(dir.resolve(name + ".pub"), publicKeyPem, time);
        }
      }
      Files.move(
          temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** The signatures in a jar, by name; empty when it has none. */
  public static List<Entry> read(Path jar) throws IOException {
    List<Entry> entries = new ArrayList<>();
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
        String entry = e.nextElement().getName();
        if (entry.startsWith(DIRECTORY) && entry.endsWith(".sig")) {
          String base = entry.substring(0, entry.length() - ".sig".length());
          entries.add(
              new Entry(
                  base.substring(DIRECTORY.length()),
                  text(zip, entry),
                  text(zip, base + ".tree"),
                  text(zip, base + ".pub")));
        }
      }
    }
    return entries;
  }

  private static String text(ZipFile zip, String name) throws IOException {
    ZipEntry entry = zip.getEntry(name);
    if (entry == null) {
      return null;
    }
    try (var in = zip.getInputStream(entry)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static void put(Path entry, String text, FileTime time) throws IOException {
    Files.writeString(entry, text, StandardCharsets.UTF_8);
    if (time != null) {
      Files.setLastModifiedTime(entry, time);
    }
  }

  private static FileTime manifestTime(FileSystem zip) throws IOException {
    Path manifest = zip.getPath("META-INF/MANIFEST.MF");
    return Files.exists(manifest) ? Files.getLastModifiedTime(manifest) : null;
  }
}
