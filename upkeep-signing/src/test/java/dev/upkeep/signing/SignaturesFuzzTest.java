package dev.upkeep.signing;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzz test of signature verification (docs/fuzzing.md). The first input byte picks
 * what the rest is: 0, the signature text for the otumat fixtures' RSA key; 1, raw signature bytes
 * cut or padded to that key's size (to reach the RSASSA-PSS salt recovery); 2, the signature text
 * for an Ed25519 key.
 *
 * <p>Contract: {@link Signatures#verify(PublicKey, String, String)} never throws; it returns a
 * verdict with an outcome and a message.
 */
class SignaturesFuzzTest {
  private static final String HASH = "a02e5d11c180fdd5d04c01c596b9fb299f1fd1eb";
  private static final PublicKey RSA = key("otumat-signing/public-spki.pem");
  private static final PublicKey ED25519 =
      key("dev/upkeep/signing/KeysFuzzTestInputs/parse/ed25519-public-spki.pem");

  @FuzzTest(maxDuration = "5m")
  @Timeout(10)
  void verify(byte[] input) {
    if (input.length == 0) {
      return;
    }
    byte[] rest = Arrays.copyOfRange(input, 1, input.length);
    Verdict verdict =
        switch (input[0] % 3) {
          case 0 -> Signatures.verify(RSA, HASH, new String(rest, StandardCharsets.ISO_8859_1));
          case 1 -> {
            int bytes = (((RSAPublicKey) RSA).getModulus().bitLength() + 7) / 8;
            String text = Base64.getEncoder().encodeToString(Arrays.copyOf(rest, bytes));
            yield Signatures.verify(RSA, HASH, text);
          }
          default ->
              Signatures.verify(ED25519, HASH, new String(rest, StandardCharsets.ISO_8859_1));
        };
    assertThat(verdict.outcome()).isNotNull();
    assertThat(verdict.message()).isNotBlank();
  }

  private static PublicKey key(String resource) {
    try (InputStream in = SignaturesFuzzTest.class.getClassLoader().getResourceAsStream(resource)) {
      return Keys.parsePublic(new String(in.readAllBytes(), StandardCharsets.US_ASCII), resource);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
