package dev.upkeep.signing;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzz test of PEM keys (docs/fuzzing.md): the same text read as a private and as a
 * public key. The seeds are test keys (RSA from the otumat fixtures, Ed25519 and a certificate made
 * for this corpus only).
 *
 * <p>Contract: {@link Keys#parsePrivate} and {@link Keys#parsePublic} return a key or throw {@link
 * IOException} naming the source, nothing else; a key read is written by {@link Keys#toPem} as PEM
 * that reads back to the same key; {@link Keys#publicOf} returns or throws {@link
 * IllegalArgumentException}.
 */
class KeysFuzzTest {
  private static final String SOURCE = "fuzz.pem";

  @FuzzTest(maxDuration = "5m")
  @Timeout(10)
  void parse(byte[] pem) throws IOException {
    // ISO-8859-1 keeps every byte as one char: a superset of the US-ASCII files Keys reads.
    String text = new String(pem, StandardCharsets.ISO_8859_1);
    try {
      PrivateKey key = Keys.parsePrivate(text, SOURCE);
      assertThat(Keys.parsePrivate(Keys.toPem(key), SOURCE).getEncoded())
          .isEqualTo(key.getEncoded());
      try {
        Keys.publicOf(key);
      } catch (IllegalArgumentException refused) {
        assertThat(refused.getMessage()).isNotBlank();
      }
    } catch (IOException refused) {
      assertThat(refused.getMessage()).startsWith(SOURCE + ":");
    }
    try {
      PublicKey key = Keys.parsePublic(text, SOURCE);
      assertThat(Keys.parsePublic(Keys.toPem(key), SOURCE).getEncoded())
          .isEqualTo(key.getEncoded());
      Keys.fingerprint(key);
    } catch (IOException refused) {
      assertThat(refused.getMessage()).startsWith(SOURCE + ":");
    }
  }
}
