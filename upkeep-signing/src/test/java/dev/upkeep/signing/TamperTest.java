package dev.upkeep.signing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upkeep.signing.Verdict.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every change to a signed tree, and a wrong key, is refused with a message naming it. */
class TamperTest {
  @TempDir Path dir;
  Path tree;
  PrivateKey privateKey;
  PublicKey publicKey;
  String signature;
  TreeHash signed;

  @BeforeEach
  void signACopyOfPlugin1() throws Exception {
    tree = dir.resolve("plugin1");
    try (Stream<Path> files = Files.walk(Fixtures.PLUGIN1)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Path target = tree.resolve(Fixtures.PLUGIN1.relativize(p).toString());
        Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
      }
    }
    privateKey = Keys.readPrivate(Fixtures.file("private-pkcs1.pem"));
    publicKey = Keys.readPublic(Fixtures.file("public-spki.pem"));
    signed = TreeHash.of(tree);
    signature = Signatures.sign(privateKey, signed.hex());
  }

  @Test
  void untouchedIsValid() throws Exception {
    assertThat(check().outcome()).isEqualTo(Outcome.VALID);
  }

  @Test
  void oneByteChanged() throws Exception {
    byte[] bytes = Files.readAllBytes(tree.resolve("core.py"));
    bytes[5] ^= 0x20;
    Files.write(tree.resolve("core.py"), bytes);

    assertRefused("plugin1/core.py: content changed");
  }

  @Test
  void fileRenamed() throws Exception {
    Files.move(tree.resolve("README.txt"), tree.resolve("README.md"));

    assertRefused("plugin1/README.md: renamed from plugin1/README.txt");
  }

  @Test
  void fileAdded() throws Exception {
    Files.writeString(tree.resolve("sub/extra.py"), "import os\n");

    assertRefused("plugin1/sub/extra.py: added");
  }

  @Test
  void fileRemoved() throws Exception {
    Files.delete(tree.resolve("sub/config.yml"));

    assertRefused("plugin1/sub/config.yml: removed");
  }

  @Test
  void modeChanged() throws Exception {
    Files.setPosixFilePermissions(
        tree.resolve("core.py"), PosixFilePermissions.fromString("rwxr-xr-x"));

    assertRefused("plugin1/core.py: mode changed 100644 -> 100755");
  }

  @Test
  void wrongKey() throws Exception {
    PublicKey other = Keys.generate(KeyType.RSA, 2048).getPublic();

    Verdict verdict = Signatures.verify(other, TreeHash.of(tree), signature, signed);

    assertThat(verdict.outcome()).isEqualTo(Outcome.KEY_MISMATCH);
    assertThat(verdict.message()).contains("not made with the key " + Keys.fingerprint(other));
  }

  @Test
  void withoutTheListingTheChangeIsStillTheTreeNotTheKey() throws Exception {
    Files.writeString(tree.resolve("README.txt"), "Plugin two\n");

    Verdict verdict = Signatures.verify(publicKey, TreeHash.of(tree), signature, null);

    assertThat(verdict.outcome()).isEqualTo(Outcome.HASH_MISMATCH);
    assertThat(verdict.message()).startsWith("the tree changed since it was signed");
    assertThat(verdict.differences()).isEmpty();
  }

  @Test
  void aForgedListingIsNotBelieved() throws Exception {
    Files.writeString(tree.resolve("README.txt"), "Plugin two\n");
    TreeHash forged =
        TreeHash.ofListing(signed.listing().replace("README.txt", "OTHER.txt"), Flavour.GIT);

    Verdict verdict = Signatures.verify(publicKey, TreeHash.of(tree), signature, forged);

    assertThat(verdict.outcome()).isEqualTo(Outcome.HASH_MISMATCH);
    assertThat(verdict.differences()).isEmpty();
    assertThat(verdict.message()).contains("the listing given is not the one signed either");
  }

  @Test
  void ed25519WithAListingNamesTheChangeToo() throws Exception {
    KeyPair ed = Keys.generate(KeyType.ED25519, 0);
    String edSignature = Signatures.sign(ed.getPrivate(), signed.hex());
    Files.delete(tree.resolve("__init__.py"));

    Verdict verdict = Signatures.verify(ed.getPublic(), TreeHash.of(tree), edSignature, signed);

    assertThat(verdict.outcome()).isEqualTo(Outcome.HASH_MISMATCH);
    assertThat(verdict.message()).contains("plugin1/__init__.py: removed");
  }

  private Verdict check() throws Exception {
    return Signatures.verify(publicKey, TreeHash.of(tree), signature, signed);
  }

  private void assertRefused(String difference) throws Exception {
    Verdict verdict = check();
    assertThat(verdict.outcome()).isEqualTo(Outcome.HASH_MISMATCH);
    assertThat(verdict.differences()).extracting(Object::toString).containsExactly(difference);
    assertThat(verdict.message())
        .isEqualTo(
            "the tree changed since it was signed by "
                + Keys.fingerprint(publicKey)
                + ": "
                + difference);
  }
}
