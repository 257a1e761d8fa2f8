package dev.upkeep.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.upkeep.signing.Flavour;
import dev.upkeep.signing.Keys;
import dev.upkeep.signing.TreeHash;
import dev.upkeep.signing.plugin.PluginVerifier;
import dev.upkeep.signing.plugin.UntrustedPluginException;
import dev.upkeep.signing.plugin.VerifiedPlugins;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks what the invoker builds under {@code src/it} produced (they run in pre-integration-test):
 * the jar {@code upkeep:sign} signed is accepted by {@link PluginVerifier} and {@link
 * VerifiedPlugins} and by the OpenSSL CLI, a changed copy is refused naming the change, and the
 * build verifying with another key failed saying why.
 */
@SuppressWarnings("rawtypes") // Supplier.class is a raw Class; the services are Supplier<String>
class SignGoalIT {
  private static final Path PROJECTS = Path.of(System.getProperty("upkeep.it.projects"));
  private static final Path KEYS = Path.of(System.getProperty("upkeep.it.keys"));
  private static final Path JAR =
      PROJECTS.resolve("sign-and-verify/target/sign-and-verify-1.0.jar");
  private static final String CLASS_ENTRY = "dev/upkeep/it/ok/OkPlugin.class";
  private static final String SIG = "META-INF/upkeep/sign-and-verify.sig";

  @TempDir Path temp;

  @Test
  void signedJarHoldsSignatureListingAndPublicKey() throws IOException {
    try (ZipFile zip = new ZipFile(JAR.toFile())) {
      String signature = text(zip, SIG);
      assertThat(signature).matches("[A-Za-z0-9+/]+={0,2}\n");
      assertThat(Base64.getDecoder().decode(signature.strip())).hasSize(256);
      assertThat(text(zip, "META-INF/upkeep/sign-and-verify.tree"))
          .isEqualTo(TreeHash.of(JAR, Flavour.GIT).listing())
          .contains("\t" + CLASS_ENTRY + "\n")
          .contains("\tMETA-INF/services/java.util.function.Supplier\n")
          .doesNotContain("META-INF/upkeep/");
      assertThat(text(zip, "META-INF/upkeep/sign-and-verify.pub"))
          .isEqualTo(Keys.toPem(publicKey("public-spki.pem")))
          .startsWith("-----BEGIN PUBLIC KEY-----\n");
    }
  }

  @Test
  void pluginVerifierAcceptsTheSignedJarWithEitherPublicKeyForm() throws Exception {
    PluginVerifier.trusting(publicKey("public-spki.pem")).requireTrusted(JAR);
    PluginVerifier.trusting(publicKey("public-pkcs1.pem")).requireTrusted(JAR);
    assertThat(PluginVerifier.trusting(publicKey("other-public.pem")).isTrusted(JAR)).isFalse();
  }

  @Test
  void verifiedPluginsLoadsTheService() throws IOException {
    try (VerifiedPlugins<Supplier> plugins = load(JAR)) {
      assertThat(plugins.rejected()).isEmpty();
      assertThat(plugins.services()).hasSize(1);
      assertThat(plugins.services().get(0).get()).isEqualTo("plugin ok");
    }
  }

  @Test
  void aChangedClassIsRefusedAndNotLoaded() throws IOException {
    Path changed = copy("changed.jar");
    try (FileSystem zip = FileSystems.newFileSystem(changed)) {
      Path entry = zip.getPath(CLASS_ENTRY);
      byte[] bytes = Files.readAllBytes(entry);
      bytes[bytes.length - 1] ^= 1;
      Files.write(entry, bytes);
    }

    assertThatThrownBy(() -> verifier().requireTrusted(changed))
        .isInstanceOf(UntrustedPluginException.class)
        .hasMessageContaining(CLASS_ENTRY + ": content changed");
    try (VerifiedPlugins<Supplier> plugins = load(changed)) {
      assertThat(plugins.services()).isEmpty();
      assertThat(plugins.rejected()).containsOnlyKeys(changed);
      assertThat(plugins.rejected().get(changed)).contains(CLASS_ENTRY + ": content changed");
    }
  }

  @Test
  void anAddedEntryIsRefused() throws IOException {
    Path added = copy("added.jar");
    try (FileSystem zip = FileSystems.newFileSystem(added)) {
      Files.writeString(zip.getPath("dev/upkeep/it/ok/extra.properties"), "injected=true\n");
    }

    assertThatThrownBy(() -> verifier().requireTrusted(added))
        .isInstanceOf(UntrustedPluginException.class)
        .hasMessageContaining("dev/upkeep/it/ok/extra.properties: added")
        .hasMessageNotContaining(CLASS_ENTRY);
  }

  @Test
  void verifyingWithAnotherKeyFailedTheBuildNamingTheSigner() throws IOException {
    String log = Files.readString(PROJECTS.resolve("wrong-key-fails/build.log"));
    String signer = Keys.fingerprint(publicKey("public-spki.pem"));
    String trusted = Keys.fingerprint(publicKey("other-public.pem"));

    assertThat(log)
        .contains("Signed wrong-key-fails-1.0.jar: tree hash ")
        .contains("BUILD FAILURE")
        .contains("not signed by a trusted key (it names the key " + signer + ")")
        .contains("trusted: " + trusted)
        .doesNotContain("Verified wrong-key-fails-1.0.jar");
  }

  @Test
  void theSuccessfulBuildLoggedWhatItSignedAndVerified() throws IOException {
    String log = Files.readString(PROJECTS.resolve("sign-and-verify/build.log"));
    TreeHash tree = TreeHash.of(JAR, Flavour.GIT);
    String fingerprint = Keys.fingerprint(publicKey("public-spki.pem"));
    long files = tree.listing().lines().count();

    assertThat(files).isEqualTo(fileEntries(JAR)).isGreaterThanOrEqualTo(3);
    assertThat(log)
        .contains(
            "Signed sign-and-verify-1.0.jar: tree hash "
                + tree.hex()
                + " ("
                + files
                + " files), key "
                + fingerprint)
        .contains("Verified sign-and-verify-1.0.jar: signed by " + fingerprint)
        .contains("BUILD SUCCESS");
  }

  @Test
  void theSignatureVerifiesWithTheOpenSslCli() throws Exception {
    String hex = TreeHash.of(JAR, Flavour.GIT).hex();
    Path sig = temp.resolve("sig.bin");
    try (ZipFile zip = new ZipFile(JAR.toFile())) {
      Files.write(sig, Base64.getDecoder().decode(text(zip, SIG).strip()));
    }

    assertThat(openSslVerify(hex, sig)).isEqualTo("0 Verified OK");
    assertThat(openSslVerify(hex.replace(hex.charAt(0), hex.charAt(0) == 'a' ? 'b' : 'a'), sig))
        .isEqualTo("1 Verification failure");
  }

  /**
   * {@code printf %s HEX | openssl dgst -sha256 -verify public-spki.pem -signature SIG -sigopt
   * rsa_padding_mode:pss}: its exit code and the first line it prints on standard output.
   */
  private static String openSslVerify(String hex, Path sig) throws Exception {
    Process openssl =
        new ProcessBuilder(
                "/usr/bin/openssl",
                "dgst",
                "-sha256",
                "-verify",
                KEYS.resolve("public-spki.pem").toString(),
                "-signature",
                sig.toString(),
                "-sigopt",
                "rsa_padding_mode:pss")
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    try (OutputStream in = openssl.getOutputStream()) {
      in.write(hex.getBytes(StandardCharsets.US_ASCII));
    }
    String out = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(openssl.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return openssl.exitValue() + " " + out.lines().findFirst().orElse("");
  }

  @SuppressWarnings("rawtypes")
  private VerifiedPlugins<Supplier> load(Path jar) throws IOException {
    return VerifiedPlugins.load(
        Supplier.class, List.of(jar), verifier(), getClass().getClassLoader());
  }

  private static PluginVerifier verifier() throws IOException {
    return PluginVerifier.trusting(publicKey("public-spki.pem"));
  }

  private Path copy(String name) throws IOException {
    Path copy = temp.resolve(name);
    Files.copy(JAR, copy);
    return copy;
  }

  private static PublicKey publicKey(String file) throws IOException {
    return Keys.readPublic(KEYS.resolve(file));
  }

  /** The jar's file entries outside META-INF/upkeep/, counted without the library. */
  private static long fileEntries(Path jar) throws IOException {
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      return zip.stream()
          .filter(e -> !e.isDirectory() && !e.getName().startsWith("META-INF/upkeep/"))
          .count();
    }
  }

  private static String text(ZipFile zip, String name) throws IOException {
    ZipEntry entry = zip.getEntry(name);
    assertThat(entry).as(name + " in " + JAR).isNotNull();
    try (var in = zip.getInputStream(entry)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
