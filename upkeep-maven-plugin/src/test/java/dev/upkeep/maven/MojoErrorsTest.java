package dev.upkeep.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.upkeep.signing.Keys;
import dev.upkeep.signing.SignedJar;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The goals run directly (fields set as Maven sets them): what they log and how they fail. */
class MojoErrorsTest {
  private static final Path KEYS = Path.of("src/test/resources/keys");

  @TempDir Path temp;
  private final List<String> logged = new ArrayList<>();
  private File jar;

  @BeforeEach
  void jar() throws IOException {
    jar = temp.resolve("plugin-1.0.jar").toFile();
    try (OutputStream out = Files.newOutputStream(jar.toPath());
        JarOutputStream zip = new JarOutputStream(out, new Manifest())) {
      zip.putNextEntry(new ZipEntry("a/Plugin.class"));
      zip.write("not really a class".getBytes(StandardCharsets.UTF_8));
    }
  }

  @Test
  void signAddsTheEntriesAndLogsHashFilesAndKey() throws Exception {
    sign("private-pkcs8.pem", "public-spki.pem").execute();

    assertThat(SignedJar.read(jar.toPath()))
        .singleElement()
        .satisfies(e -> assertThat(e.name()).isEqualTo("plugin"))
        .satisfies(e -> assertThat(e.publicKeyPem()).startsWith("-----BEGIN PUBLIC KEY-----"));
    assertThat(logged)
        .singleElement(InstanceOfAssertFactories.STRING)
        .matches(
            "Signed plugin-1\\.0\\.jar: tree hash [0-9a-f]{40} \\(2 files\\), key SHA256:[A-Za-z0-9+/]{43}");
  }

  @Test
  void signWithoutPublicKeyNamesTheKeyFromThePrivateOne() throws Exception {
    SignMojo sign = sign("private-pkcs8.pem", null);
    sign.execute();
    verify("public-spki.pem").execute();

    assertThat(SignedJar.read(jar.toPath()))
        .singleElement()
        .extracting(e -> e.publicKeyPem())
        .isNull();
    String key = Keys.fingerprint(Keys.readPublic(KEYS.resolve("public-spki.pem")));
    assertThat(logged.get(0)).endsWith(", key " + key);
    assertThat(logged.get(1)).isEqualTo("Verified plugin-1.0.jar: signed by " + key);
  }

  @Test
  void signTellsWhereToBindWhenTheJarIsMissing() {
    SignMojo sign = sign("private-pkcs8.pem", null);
    sign.jar = temp.resolve("missing.jar").toFile();

    assertThatThrownBy(sign::execute)
        .isInstanceOf(MojoExecutionException.class)
        .hasMessageContaining("missing.jar does not exist")
        .hasMessageContaining("bind sign after jar:jar in the package phase");
  }

  @Test
  void signPassesOnTheLibrarysMessageForAnEncryptedKey() {
    assertThatThrownBy(sign("encrypted-private.pem", null)::execute)
        .isInstanceOf(MojoExecutionException.class)
        .hasMessageStartingWith("privateKey: ")
        .hasMessageContaining("encrypted-private.pem")
        .hasMessageContaining("the private key is encrypted");
  }

  @Test
  void signRefusesAPublicKeyThatIsNotThePrivateKeysHalf() throws IOException {
    assertThatThrownBy(sign("private-pkcs8.pem", "other-public.pem")::execute)
        .isInstanceOf(MojoExecutionException.class)
        .hasMessageContaining("other-public.pem is not the public half of privateKey");
    assertThat(SignedJar.read(jar.toPath())).isEmpty();
  }

  @Test
  void signNamesAMissingKeyFile() {
    assertThatThrownBy(sign("nope.pem", null)::execute)
        .isInstanceOf(MojoExecutionException.class)
        .hasMessageContaining("privateKey: ")
        .hasMessageContaining("nope.pem does not exist");
  }

  @Test
  void skippedSignDoesNothing() throws Exception {
    SignMojo sign = sign("nope.pem", null);
    sign.skip = true;
    sign.execute();

    assertThat(SignedJar.read(jar.toPath())).isEmpty();
    assertThat(logged).containsExactly("Skipping upkeep:sign (upkeep.sign.skip)");
  }

  @Test
  void verifyNeedsAKey() {
    VerifyMojo verify = verify(null);

    assertThatThrownBy(verify::execute)
        .isInstanceOf(MojoExecutionException.class)
        .hasMessageContaining("needs at least one trusted public key")
        .hasMessageContaining("<publicKey>")
        .hasMessageContaining("<publicKeys>");
  }

  @Test
  void verifyFailsAnUnsignedJar() {
    assertThatThrownBy(verify("public-spki.pem")::execute)
        .isInstanceOf(MojoFailureException.class)
        .hasMessageContaining("plugin-1.0.jar: not signed");
  }

  @Test
  void verifyNamesTheSignerAmongSeveralTrustedKeys() throws Exception {
    sign("private-pkcs8.pem", null).execute();
    VerifyMojo verify = verify("other-public.pem");
    verify.publicKeys = List.of(KEYS.resolve("public-spki.pem").toFile());
    verify.execute();

    String key = Keys.fingerprint(Keys.readPublic(KEYS.resolve("public-spki.pem")));
    assertThat(logged.get(0)).endsWith(", key " + key);
    assertThat(logged.get(1)).isEqualTo("Verified plugin-1.0.jar: signed by " + key);
  }

  private SignMojo sign(String privateKey, String publicKey) {
    SignMojo sign = new SignMojo();
    sign.setLog(log());
    sign.privateKey = KEYS.resolve(privateKey).toFile();
    sign.publicKey = publicKey == null ? null : KEYS.resolve(publicKey).toFile();
    sign.name = "plugin";
    sign.jar = jar;
    sign.packaging = "jar";
    return sign;
  }

  private VerifyMojo verify(String publicKey) {
    VerifyMojo verify = new VerifyMojo();
    verify.setLog(log());
    verify.publicKey = publicKey == null ? null : KEYS.resolve(publicKey).toFile();
    verify.jar = jar;
    verify.packaging = "jar";
    return verify;
  }

  private SystemStreamLog log() {
    return new SystemStreamLog() {
      @Override
      public void info(CharSequence content) {
        logged.add(content.toString());
      }
    };
  }
}
