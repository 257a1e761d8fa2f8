package dev.upkeep.signing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upkeep.signing.Verdict.Outcome;
import dev.upkeep.signing.internal.PssEncoding;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** otumat's and OpenSSL's signatures verify; ours verify with both public key formats. */
class FixtureSignatureTest {

  @ParameterizedTest(name = "{0} with {1}")
  @CsvSource({
    "plugin1.otumat.sig, public-spki.pem",
    "plugin1.otumat.sig, public-pkcs1.pem",
    "plugin1.openssl.sig, public-spki.pem",
    "plugin1.openssl.sig, public-pkcs1.pem"
  })
  void otumatAndOpensslSignaturesVerify(String signature, String publicKey) throws Exception {
    PublicKey key = Keys.readPublic(Fixtures.file(publicKey));
    TreeHash tree = TreeHash.of(Fixtures.PLUGIN1, Flavour.OTUMAT);

    Verdict verdict = Signatures.verify(key, tree.hex(), Fixtures.text(signature));

    assertThat(verdict.outcome()).as(verdict.message()).isEqualTo(Outcome.VALID);
    assertThat(verdict.message()).contains(tree.hex()).contains(Keys.fingerprint(key));
  }

  @ParameterizedTest
  @ValueSource(strings = {"plugin1.otumat.sig", "plugin1.openssl.sig"})
  void theFixtureSignaturesUseTheLargestSalt(String signature) throws Exception {
    RSAPublicKey key = (RSAPublicKey) Keys.readPublic(Fixtures.file("public-spki.pem"));
    byte[] bytes = Base64.getMimeDecoder().decode(Fixtures.text(signature));

    assertThat(PssEncoding.saltLength(key, bytes)).hasValue(222);
  }

  @ParameterizedTest(name = "signed with {0}, verified with {1}")
  @CsvSource({
    "private-pkcs1.pem, public-spki.pem",
    "private-pkcs1.pem, public-pkcs1.pem",
    "private-pkcs8.pem, public-spki.pem",
    "private-pkcs8.pem, public-pkcs1.pem"
  })
  void ourSignaturesVerifyWithEitherPublicFormat(String privateKey, String publicKey)
      throws Exception {
    PrivateKey signer = Keys.readPrivate(Fixtures.file(privateKey));
    PublicKey key = Keys.readPublic(Fixtures.file(publicKey));
    String hash = TreeHash.of(Fixtures.PLUGIN1).hex();

    String signature = Signatures.sign(signer, hash);

    assertThat(signature).doesNotContain("\n").hasSize(344);
    assertThat(PssEncoding.saltLength((RSAPublicKey) key, Base64.getDecoder().decode(signature)))
        .hasValue(222);
    assertThat(Signatures.verify(key, hash, signature).outcome()).isEqualTo(Outcome.VALID);
  }

  @ParameterizedTest
  @ValueSource(strings = {"plugin1.otumat.sig", "plugin1.openssl.sig"})
  void anotherHashIsTheHashNotTheKey(String signature) throws Exception {
    PublicKey key = Keys.readPublic(Fixtures.file("public-spki.pem"));
    String quirky = TreeHash.of(Fixtures.QUIRKY).hex();

    Verdict verdict = Signatures.verify(key, quirky, Fixtures.text(signature));

    assertThat(verdict.outcome()).isEqualTo(Outcome.HASH_MISMATCH);
    assertThat(verdict.message()).contains("made with the key").contains("another hash");
  }

  @ParameterizedTest
  @ValueSource(strings = {"plugin1.otumat.sig", "plugin1.openssl.sig"})
  void anotherKeyIsTheKey(String signature) throws Exception {
    PublicKey other = Keys.generate(KeyType.RSA, 2048).getPublic();
    String hash = TreeHash.of(Fixtures.PLUGIN1).hex();

    Verdict verdict = Signatures.verify(other, hash, Fixtures.text(signature));

    assertThat(verdict.outcome()).isEqualTo(Outcome.KEY_MISMATCH);
    assertThat(verdict.message()).contains("not made with the key " + Keys.fingerprint(other));
  }
}
