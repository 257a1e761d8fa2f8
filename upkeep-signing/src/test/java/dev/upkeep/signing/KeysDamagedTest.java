package dev.upkeep.signing;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A PEM block that parses but holds a key the JDK refuses. */
class KeysDamagedTest {

  /**
   * Found by KeysFuzzTest (crash-d73ab3a1…): a PKCS#8 RSA key with damaged numbers was refused with
   * BouncyCastle's "unable to convert key pair", naming neither the file nor the problem.
   */
  @Test
  void aDamagedRsaPrivateKeyNamesTheFile() throws IOException {
    String pem =
        resource("KeysFuzzTestInputs/parse/crash-d73ab3a1c905d02abf5d62e3458382cede50b320");

    assertThatThrownBy(() -> Keys.parsePrivate(pem, "damaged.pem"))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("damaged.pem: ");
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = KeysDamagedTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }
}
