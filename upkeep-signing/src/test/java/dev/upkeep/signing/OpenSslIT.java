package dev.upkeep.signing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Signatures cross the OpenSSL CLI both ways, as PROTOCOLS.md §5.2 writes the commands. */
class OpenSslIT {
  @TempDir Path dir;

  @ParameterizedTest(name = "signed with {0}, openssl verifies with {1}")
  @CsvSource({
    "private-pkcs1.pem, public-spki.pem",
    "private-pkcs8.pem, public-spki.pem",
    "private-pkcs1.pem, public-pkcs1.pem",
    "private-pkcs8.pem, public-pkcs1.pem"
  })
  void opensslVerifiesOurSignatures(String privateKey, String publicKey) throws Exception {
    String hash = TreeHash.of(Fixtures.PLUGIN1).hex();
    String signature = Signatures.sign(Keys.readPrivate(Fixtures.file(privateKey)), hash);
    Path sig = Files.write(dir.resolve("sig.bin"), Base64.getDecoder().decode(signature));
    Path pub = Fixtures.file(publicKey).toAbsolutePath();
    List<String> command =
        List.of(
            "openssl",
            "dgst",
            "-sha256",
            "-verify",
            pub.toString(),
            "-signature",
            sig.toString(),
            "-sigopt",
            "rsa_padding_mode:pss");
    Commands.Result result = Commands.run(dir, hash, command);

    assertThat(result.out()).as(result.out()).contains("Verified OK");
    assertThat(result.exit()).isZero();
    // and a changed hash is refused by OpenSSL too: the check can fail
    Commands.Result other = Commands.run(dir, "0".repeat(40), command);
    assertThat(other.out()).contains("Verification failure");
  }

  @ParameterizedTest(name = "openssl salt length {0}")
  @ValueSource(strings = {"digest", "max", "auto", "0", "100"})
  void weVerifyWhatOpensslSignsWithAnySalt(String salt) throws Exception {
    String hash = TreeHash.of(Fixtures.PLUGIN1).hex();
    Path sig = dir.resolve("sig.bin");
    Commands.ok(
        dir,
        hash,
        "openssl",
        "dgst",
        "-sha256",
        "-sign",
        Fixtures.file("private-pkcs8.pem").toAbsolutePath().toString(),
        "-sigopt",
        "rsa_padding_mode:pss",
        "-sigopt",
        "rsa_pss_saltlen:" + salt,
        "-out",
        sig.toString());
    String wrapped = Commands.ok(dir, null, "openssl", "enc", "-base64", "-in", sig.toString());

    assertThat(wrapped.lines().count()).as("openssl wraps at 64 columns").isGreaterThan(1);
    Verdict verdict =
        Signatures.verify(Keys.readPublic(Fixtures.file("public-pkcs1.pem")), hash, wrapped);
    assertThat(verdict.valid()).as(verdict.message()).isTrue();
    assertThat(new String(Files.readAllBytes(sig), StandardCharsets.ISO_8859_1)).hasSize(256);
  }
}
