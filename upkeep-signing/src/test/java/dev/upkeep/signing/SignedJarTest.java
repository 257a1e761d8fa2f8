package dev.upkeep.signing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignedJarTest {
  @TempDir Path dir;

  @Test
  void aJarHashesAsItsEntriesWithoutDirectoriesOrSignatureEntries() throws Exception {
    Path jar =
        Jars.write(
            dir.resolve("p.jar"),
            Map.of("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n", "com/x/A.class", "AAA"));

    TreeHash hash = TreeHash.of(jar);

    assertThat(hash.listing().lines().map(l -> l.substring(l.indexOf('\t') + 1)))
        .containsExactly("META-INF/MANIFEST.MF", "com/x/A.class");
    assertThat(hash.listing()).doesNotContain("100755");
  }

  @Test
  void signatureEntriesDoNotChangeTheHashAndReadBack() throws Exception {
    Path jar = Jars.write(dir.resolve("p.jar"), Map.of("com/x/A.class", "AAA"));
    TreeHash before = TreeHash.of(jar);
    String pub = Fixtures.text("public-spki.pem");

    SignedJar.write(jar, "p", "c2ln\n", before.listing(), pub);

    assertThat(TreeHash.of(jar)).isEqualTo(before);
    assertThat(SignedJar.read(jar))
        .containsExactly(new SignedJar.Entry("p", "c2ln\n", before.listing(), pub));
    try (var files = Files.list(dir)) {
      assertThat(files).as("no temporary file left").containsExactly(jar);
    }
  }

  @Test
  void aZip64ArchiveIsRead() throws Exception {
    Path jar = dir.resolve("many.jar");
    Map<String, String> expected = new LinkedHashMap<>();
    try (OutputStream out = Files.newOutputStream(jar);
        ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(out))) {
      for (int i = 0; i < 66_000; i++) {
        String name = "e/" + i;
        zip.putNextEntry(new ZipEntry(name));
        zip.closeEntry();
        expected.put(name, "");
      }
    }

    assertThat(TreeHash.of(jar).listing().lines()).hasSize(66_000);
  }
}
