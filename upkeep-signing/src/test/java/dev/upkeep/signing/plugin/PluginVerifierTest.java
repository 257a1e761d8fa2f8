package dev.upkeep.signing.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.upkeep.signing.KeyType;
import dev.upkeep.signing.Keys;
import dev.upkeep.signing.Signatures;
import dev.upkeep.signing.SignedJar;
import dev.upkeep.signing.TreeHash;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginVerifierTest {
  @TempDir Path dir;
  KeyPair trusted;
  PluginVerifier verifier;

  @BeforeEach
  void keys() {
    trusted = Keys.generate(KeyType.RSA, 2048);
    verifier = PluginVerifier.trusting(trusted.getPublic());
  }

  @Test
  void acceptsAJarSignedByATrustedKey() throws Exception {
    Path jar = signed(jar("a.jar", "AAA"), trusted, true);

    verifier.requireTrusted(jar);
    assertThat(verifier.isTrusted(jar)).isTrue();
  }

  @Test
  void refusesAnUnsignedJar() throws Exception {
    Path jar = jar("a.jar", "AAA");

    assertThatThrownBy(() -> verifier.requireTrusted(jar))
        .isInstanceOf(UntrustedPluginException.class)
        .hasMessage(jar + ": not signed (no META-INF/upkeep/*.sig entry); sign it with upkeep");
  }

  @Test
  void refusesAJarSignedByAnotherKeyAndNamesIt() throws Exception {
    KeyPair stranger = Keys.generate(KeyType.RSA, 2048);
    Path jar = signed(jar("a.jar", "AAA"), stranger, true);

    assertThatThrownBy(() -> verifier.requireTrusted(jar))
        .hasMessage(
            jar
                + ": not signed by a trusted key (it names the key "
                + Keys.fingerprint(stranger.getPublic())
                + ")");
  }

  @Test
  void refusesAJarChangedAfterSigningAndNamesTheEntry() throws Exception {
    Path jar = signed(jar("a.jar", "AAA"), trusted, false);
    Path changed = jar("b.jar", "AAB");
    Files.copy(jar, dir.resolve("keep.jar"));
    // the signature entries of a.jar moved onto a jar whose class differs
    for (SignedJar.Entry e : SignedJar.read(jar)) {
      SignedJar.write(changed, e.name(), e.signature(), e.listing(), e.publicKeyPem());
    }

    assertThatThrownBy(() -> verifier.requireTrusted(changed))
        .hasMessageStartingWith(changed + ": the tree changed since it was signed by ")
        .hasMessageEndingWith(": com/x/A.class: content changed");
  }

  @Test
  void trustsAKeyShippedAsAResource() throws Exception {
    Path resources = Files.createDirectories(dir.resolve("cp/META-INF/upkeep"));
    Files.writeString(resources.resolve("base.pub"), Keys.toPem(trusted.getPublic()));
    Path jar = signed(jar("a.jar", "AAA"), trusted, false);
    try (var loader =
        new java.net.URLClassLoader(new java.net.URL[] {dir.resolve("cp").toUri().toURL()}, null)) {
      PluginVerifier fromResource =
          PluginVerifier.trustingResource(loader, "META-INF/upkeep/base.pub");

      assertThat(fromResource.isTrusted(jar)).isTrue();
      assertThatThrownBy(() -> PluginVerifier.trustingResource(loader, "META-INF/upkeep/x.pub"))
          .hasMessage("META-INF/upkeep/x.pub: no such resource on the class path");
    }
  }

  private Path jar(String name, String classBytes) throws Exception {
    Path jar = dir.resolve(name);
    try (OutputStream out = Files.newOutputStream(jar);
        ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(out))) {
      zip.putNextEntry(new ZipEntry("com/x/A.class"));
      zip.write(classBytes.getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
    }
    return jar;
  }

  private static Path signed(Path jar, KeyPair key, boolean withPublicKey) throws Exception {
    TreeHash hash = TreeHash.of(jar);
    SignedJar.write(
        jar,
        "a",
        Signatures.sign(key.getPrivate(), hash.hex()),
        hash.listing(),
        withPublicKey ? Keys.toPem(key.getPublic()) : null);
    return jar;
  }
}
