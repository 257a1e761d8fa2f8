package dev.upkeep.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import org.junit.jupiter.api.Test;

class KeysTest {

  @Test
  void readsBothPrivateAndBothPublicFormatsAsTheSameKey() throws Exception {
    RSAPrivateKey pkcs1 = (RSAPrivateKey) Keys.readPrivate(Fixtures.file("private-pkcs1.pem"));
    RSAPrivateKey pkcs8 = (RSAPrivateKey) Keys.readPrivate(Fixtures.file("private-pkcs8.pem"));
    RSAPublicKey spki = (RSAPublicKey) Keys.readPublic(Fixtures.file("public-spki.pem"));
    RSAPublicKey rsa = (RSAPublicKey) Keys.readPublic(Fixtures.file("public-pkcs1.pem"));

    assertThat(pkcs1.getModulus()).isEqualTo(pkcs8.getModulus()).isEqualTo(spki.getModulus());
    assertThat(rsa.getModulus()).isEqualTo(spki.getModulus());
    assertThat(spki.getModulus().bitLength()).isEqualTo(2048);
    assertThat(Keys.fingerprint(rsa)).isEqualTo(Keys.fingerprint(spki)).startsWith("SHA256:");
  }

  @Test
  void writesPkcs8AndSpkiThatReadBack() throws Exception {
    for (KeyType type : KeyType.values()) {
      KeyPair pair = Keys.generate(type, 2048);
      String privatePem = Keys.toPem(pair.getPrivate());
      String publicPem = Keys.toPem(pair.getPublic());

      assertThat(privatePem).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----\n");
      assertThat(publicPem).startsWith("-----BEGIN PUBLIC KEY-----\n").doesNotContain("\r");
      assertThat(Keys.parsePrivate(privatePem, "p").getEncoded())
          .isEqualTo(pair.getPrivate().getEncoded());
      assertThat(Keys.parsePublic(publicPem, "p").getEncoded())
          .isEqualTo(pair.getPublic().getEncoded());
    }
  }

  @Test
  void derivesThePublicHalfOfAPrivateKey() throws Exception {
    for (KeyType type : KeyType.values()) {
      KeyPair pair = Keys.generate(type, 2048);
      PrivateKey reread = Keys.parsePrivate(Keys.toPem(pair.getPrivate()), "k");

      assertThat(Keys.publicOf(reread).getEncoded()).isEqualTo(pair.getPublic().getEncoded());
    }
    assertThat(Keys.publicOf(Keys.readPrivate(Fixtures.file("private-pkcs1.pem"))).getEncoded())
        .isEqualTo(Keys.readPublic(Fixtures.file("public-spki.pem")).getEncoded());
  }

  @Test
  void refusesSmallRsaKeys() {
    assertThatThrownBy(() -> Keys.generate(KeyType.RSA, 1024))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bits must be at least 2048, was 1024");
  }

  @Test
  void namesTheFileAndWhatItHolds() throws Exception {
    String privatePem = Fixtures.text("private-pkcs8.pem");
    String publicPem = Fixtures.text("public-spki.pem");

    assertThatThrownBy(() -> Keys.parsePublic(privatePem, "keys/a.pem"))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("keys/a.pem: this is a private key");
    assertThatThrownBy(() -> Keys.parsePrivate(publicPem, "keys/b.pem"))
        .hasMessage("keys/b.pem: expected a private key, found a PEM SubjectPublicKeyInfo");
    assertThatThrownBy(() -> Keys.parsePrivate("hello", "keys/c.pem"))
        .hasMessageStartingWith("keys/c.pem: no PEM block");
    assertThatThrownBy(
            () ->
                Keys.parsePrivate(
                    "-----BEGIN PRIVATE KEY-----\nnot base64!\n-----END PRIVATE KEY-----\n",
                    "keys/d.pem"))
        .hasMessageStartingWith("keys/d.pem: not a readable PEM key");
  }

  @Test
  void refusesEncryptedKeysWithAWayOut() throws Exception {
    String encrypted =
        "-----BEGIN RSA PRIVATE KEY-----\n"
            + "Proc-Type: 4,ENCRYPTED\n"
            + "DEK-Info: AES-128-CBC,3F17F5316E2BAC89ED8FD28E1A1A1A1A\n\n"
            + Fixtures.text("private-pkcs1.pem")
                .lines()
                .skip(1)
                .limit(3)
                .reduce("", (a, b) -> a + b + "\n")
            + "-----END RSA PRIVATE KEY-----\n";

    assertThatThrownBy(() -> Keys.parsePrivate(encrypted, "enc.pem"))
        .hasMessageContaining("enc.pem: the private key is encrypted")
        .hasMessageContaining("openssl pkey");
  }
}
