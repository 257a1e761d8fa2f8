package dev.upkeep.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.upkeep.signing.Verdict.Outcome;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SignaturesTest {
  private static final String HASH = "a02e5d11c180fdd5d04c01c596b9fb299f1fd1eb";

  @ParameterizedTest
  @ValueSource(ints = {0, 20, 32, 64, 222})
  void acceptsAnySaltLength(int salt) throws Exception {
    PrivateKey key = Keys.readPrivate(Fixtures.file("private-pkcs8.pem"));
    Signature jdk = Signature.getInstance("RSASSA-PSS");
    jdk.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, salt, 1));
    jdk.initSign(key);
    jdk.update(HASH.getBytes(StandardCharsets.UTF_8));
    String signature = Base64.getEncoder().encodeToString(jdk.sign());

    Verdict verdict =
        Signatures.verify(Keys.readPublic(Fixtures.file("public-spki.pem")), HASH, signature);

    assertThat(verdict.outcome()).isEqualTo(Outcome.VALID);
  }

  @Test
  void acceptsBase64WrappedAt64Columns() throws Exception {
    String oneLine = Fixtures.text("plugin1.otumat.sig").strip();
    String wrapped = oneLine.replaceAll("(.{64})", "$1\n") + "\n";

    assertThat(wrapped.lines()).hasSize(6);
    assertThat(
            Signatures.verify(Keys.readPublic(Fixtures.file("public-spki.pem")), HASH, wrapped)
                .outcome())
        .isEqualTo(Outcome.VALID);
  }

  @Test
  void saysWhatIsWrongWithAMalformedSignature() throws Exception {
    PublicKey key = Keys.readPublic(Fixtures.file("public-spki.pem"));

    assertThat(Signatures.verify(key, HASH, "not base64!").outcome()).isEqualTo(Outcome.MALFORMED);
    assertThat(Signatures.verify(key, HASH, "\n").message()).isEqualTo("the signature is empty");
    Verdict truncated =
        Signatures.verify(key, HASH, Fixtures.text("plugin1.otumat.sig").substring(0, 200));
    assertThat(truncated.outcome()).isIn(Outcome.MALFORMED, Outcome.KEY_MISMATCH);
    Verdict flipped =
        Signatures.verify(key, HASH, flipOneBit(Fixtures.text("plugin1.otumat.sig").strip()));
    assertThat(flipped.outcome()).isEqualTo(Outcome.KEY_MISMATCH);
    assertThat(flipped.message()).contains("or is damaged");
  }

  @Test
  void ed25519SignsAndVerifiesButCannotTellKeyFromHash() throws Exception {
    KeyPair pair = Keys.generate(KeyType.ED25519, 0);
    String signature = Signatures.sign(pair.getPrivate(), HASH);

    assertThat(Signatures.verify(pair.getPublic(), HASH, signature).valid()).isTrue();
    Verdict other = Signatures.verify(pair.getPublic(), "0".repeat(40), signature);
    assertThat(other.outcome()).isEqualTo(Outcome.KEY_OR_HASH_MISMATCH);
    assertThat(other.message()).contains("cannot tell");
    PublicKey stranger = Keys.generate(KeyType.ED25519, 0).getPublic();
    assertThat(Signatures.verify(stranger, HASH, signature).outcome())
        .isEqualTo(Outcome.KEY_OR_HASH_MISMATCH);
  }

  @Test
  void aKeyOfTheWrongKindIsAKeyMismatch() throws Exception {
    String rsaSignature = Fixtures.text("plugin1.otumat.sig");
    PublicKey ed = Keys.generate(KeyType.ED25519, 0).getPublic();

    assertThat(Signatures.verify(ed, HASH, rsaSignature).valid()).isFalse();
  }

  @Test
  void refusesKeysItCannotSignWith() throws Exception {
    KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
    PrivateKey key = ec.generateKeyPair().getPrivate();

    assertThatThrownBy(() -> Signatures.sign(key, HASH))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("use an RSA or Ed25519 key");
  }

  private static String flipOneBit(String base64) {
    byte[] bytes = Base64.getDecoder().decode(base64);
    bytes[100] ^= 1;
    return Base64.getEncoder().encodeToString(bytes);
  }
}
