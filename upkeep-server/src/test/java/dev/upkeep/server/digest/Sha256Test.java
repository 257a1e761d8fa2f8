package dev.upkeep.server.digest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class Sha256Test {
  /** FIPS 180-4 example: SHA-256("abc"). */
  private static final String ABC =
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

  @Test
  void ofBytesOfUtf8AndInPartsAgreeWithTheStandard() {
    assertThat(HexFormat.of().formatHex(Sha256.of("abc".getBytes(StandardCharsets.US_ASCII))))
        .isEqualTo(ABC);
    assertThat(HexFormat.of().formatHex(Sha256.ofUtf8("abc"))).isEqualTo(ABC);
    MessageDigest d = Sha256.newDigest();
    d.update((byte) 'a');
    d.update("bc".getBytes(StandardCharsets.US_ASCII));
    assertThat(HexFormat.of().formatHex(d.digest())).isEqualTo(ABC);
    assertThat(Sha256.ofUtf8("\u00e9")).hasSize(Sha256.LENGTH);
  }
}
