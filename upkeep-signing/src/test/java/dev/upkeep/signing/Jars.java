package dev.upkeep.signing;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Writes small jars for tests. */
final class Jars {
  private Jars() {}

  /** A jar holding {@code entries} (name to text), with a directory entry for META-INF/. */
  static Path write(Path jar, Map<String, String> entries) throws Exception {
    try (OutputStream out = Files.newOutputStream(jar);
        ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(out))) {
      zip.putNextEntry(new ZipEntry("META-INF/"));
      zip.closeEntry();
      for (Map.Entry<String, String> e : entries.entrySet()) {
        zip.putNextEntry(new ZipEntry(e.getKey()));
        zip.write(e.getValue().getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    }
    return jar;
  }
}
