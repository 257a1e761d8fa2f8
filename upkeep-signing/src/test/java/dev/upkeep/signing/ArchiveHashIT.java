package dev.upkeep.signing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A zip made by Info-ZIP's zip hashes exactly as the tree it was made from. */
class ArchiveHashIT {
  @TempDir Path dir;

  @Test
  void aZipOfATreeHashesAsTheTree() throws Exception {
    Path tree = copy(Fixtures.QUIRKY, dir.resolve("quirky"));
    Files.createSymbolicLink(tree.resolve("link"), Path.of("bin/run.sh"));
    Files.createDirectories(tree.resolve("empty"));
    Path zip = dir.resolve("quirky.zip");
    Commands.ok(dir, null, "zip", "-q", "-r", "-y", zip.toString(), "quirky");

    TreeHash ofTree = TreeHash.of(tree, Flavour.GIT);
    TreeHash ofZip = TreeHash.of(zip, Flavour.GIT);

    assertThat(ofZip.listing()).isEqualTo(ofTree.listing()).contains("100755", "120000");
    assertThat(ofZip).isEqualTo(ofTree);
  }

  @Test
  void theOtumatFlavourOfAZipAlsoMatches() throws Exception {
    Path zip = dir.resolve("plugin1.zip");
    Commands.ok(
        Fixtures.TREES.toAbsolutePath(), null, "zip", "-q", "-r", zip.toString(), "plugin1");

    assertThat(TreeHash.of(zip, Flavour.OTUMAT).hex())
        .isEqualTo(Fixtures.expected("plugin1", "otumat_hash_pkg"));
  }

  private static Path copy(Path from, Path to) throws Exception {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Files.copy(
            p, to.resolve(from.relativize(p).toString()), StandardCopyOption.COPY_ATTRIBUTES);
      }
    }
    Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rwxr-xr-x"));
    return to;
  }
}
