package dev.upkeep.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14 item 1 for PEM keys and signatures: oversized or deeply nested input is refused with an
 * error naming the limit. The timeout only keeps a regression from hanging the build.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class AdversarialInputTest {
  @TempDir Path dir;

  static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  /** DER SEQUENCEs nested {@code depth} deep around nothing. */
  static byte[] nestedSequences(int depth) {
    byte[] inner = new byte[0];
    for (int i = 0; i < depth; i++) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.write(0x30);
      int n = inner.length;
      if (n < 128) {
        out.write(n);
      } else if (n < 256) {
        out.write(0x81);
        out.write(n);
      } else if (n < 65536) {
        out.write(0x82);
        out.write(n >> 8);
        out.write(n);
      } else {
        out.write(0x83);
        out.write(n >> 16);
        out.write(n >> 8);
        out.write(n);
      }
      out.writeBytes(inner);
      inner = out.toByteArray();
    }
    return inner;
  }

  @Test
  void aMillionCharacterPemIsRefusedNamingTheLimit() throws IOException {
    String huge = pem("PUBLIC KEY", new byte[750_000]);
    Path file = dir.resolve("huge.pem");
    Files.writeString(file, huge);

    assertThatThrownBy(() -> Keys.parsePublic(huge, "huge.pem"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("huge.pem: ")
        .hasMessageContaining("too long for a PEM key (the limit is 65536)");
    assertThatThrownBy(() -> Keys.readPrivate(file))
        .hasMessageContaining("too long for a PEM key (the limit is 65536)");
  }

  @Test
  void deeplyNestedAsn1UnderTheLimitIsAnErrorNotAStackOverflow() {
    String deep = pem("PUBLIC KEY", nestedSequences(12_000));
    assertThat(deep.length()).isLessThanOrEqualTo(Keys.MAX_PEM_CHARS);

    assertThatThrownBy(() -> Keys.parsePublic(deep, "deep.pem"))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("deep.pem: ");
    assertThatThrownBy(
            () -> Keys.parsePrivate(pem("PRIVATE KEY", nestedSequences(12_000)), "key.pem"))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("key.pem: ");
  }

  @Test
  void aMillionCharacterSignatureIsMalformedNamingTheLimit() {
    KeyPair pair = Keys.generate(KeyType.ED25519, 0);

    Verdict v = Signatures.verify(pair.getPublic(), "ab".repeat(32), "A".repeat(1_000_000));
    Verdict blanks = Signatures.verify(pair.getPublic(), "ab".repeat(32), " ".repeat(1_000_000));

    assertThat(v.outcome()).isEqualTo(Verdict.Outcome.MALFORMED);
    assertThat(v.message()).contains("the limit is " + Signatures.MAX_SIGNATURE_CHARS);
    assertThat(blanks.outcome()).isEqualTo(Verdict.Outcome.MALFORMED);
  }
}
