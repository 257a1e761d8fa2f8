package dev.upkeep.signing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import org.junit.jupiter.api.Test;

/** Both flavours of both fixture trees equal what git and otumat 0.3 computed. */
class FixtureHashTest {

  @Test
  void plugin1IsTheSameInBothFlavours() throws Exception {
    assertThat(TreeHash.of(Fixtures.PLUGIN1, Flavour.GIT).hex())
        .isEqualTo(Fixtures.expected("plugin1", "git_tree_hash"));
    assertThat(TreeHash.of(Fixtures.PLUGIN1, Flavour.OTUMAT).hex())
        .isEqualTo(Fixtures.expected("plugin1", "otumat_hash_pkg"));
  }

  @Test
  void quirkyDiffersAsGitAndOtumatDo() throws Exception {
    assertThat(Files.getPosixFilePermissions(Fixtures.QUIRKY.resolve("bin/run.sh")))
        .as("the fixture's run.sh must keep its executable bit in the checkout")
        .contains(PosixFilePermission.OWNER_EXECUTE);
    TreeHash git = TreeHash.of(Fixtures.QUIRKY, Flavour.GIT);
    TreeHash otumat = TreeHash.of(Fixtures.QUIRKY, Flavour.OTUMAT);

    assertThat(git.hex()).isEqualTo(Fixtures.expected("quirky", "git_tree_hash"));
    assertThat(otumat.hex()).isEqualTo(Fixtures.expected("quirky", "otumat_hash_pkg"));
    // git: full-path byte order and the executable mode; otumat: per-directory order, 100644.
    assertThat(git.listing())
        .isEqualTo(
            "100644 975fbec8256d3e8a3797e7a3611380f27c49f4ac 0\tquirky/a.b/f\n"
                + "100644 587be6b4c3f93f93c489c0111bba5596147a26cb 0\tquirky/a/f\n"
                + "100755 4163036efa65bd4a469e752267498f01ea36a55c 0\tquirky/bin/run.sh\n"
                + "100644 8561d5d6dca37a4e5d7a60b130242f748fcfec84 0\tquirky/crlf.txt\n"
                + "100644 70f015751cdec8d43b0d49e53180e35a123156a1 0\tquirky/utf8.py\n");
    assertThat(otumat.listing().lines().map(l -> l.substring(l.indexOf('\t') + 1)))
        .containsExactly(
            "quirky/a/f", "quirky/a.b/f", "quirky/bin/run.sh", "quirky/crlf.txt", "quirky/utf8.py");
    assertThat(otumat.listing()).doesNotContain("100755");
  }

  @Test
  void aListingHashesToTheSameTreeHash() throws Exception {
    TreeHash git = TreeHash.of(Fixtures.QUIRKY, Flavour.GIT);
    TreeHash otumat = TreeHash.of(Fixtures.QUIRKY, Flavour.OTUMAT);
    assertThat(TreeHash.ofListing(git.listing(), Flavour.GIT)).isEqualTo(git);
    assertThat(TreeHash.ofListing(otumat.listing(), Flavour.OTUMAT)).isEqualTo(otumat);
  }
}
