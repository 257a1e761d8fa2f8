package dev.upkeep.server.alerts.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Encrypted secrets: the key file, the round trip and the errors, which never show a secret. */
class SecretBoxTest {
  private static final String SECRET = "xoxb-very-secret-token";

  @TempDir Path dir;

  @Test
  void theFirstOpenMakesA32ByteKeyFileWithMode0600() throws IOException {
    Path key = dir.resolve("data/secrets.key");
    SecretBox box = SecretBox.open(key);

    assertThat(box.keyFile()).isEqualTo(key.toAbsolutePath());
    assertThat(Files.size(key)).isEqualTo(32);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key.getParent())))
        .isEqualTo("rwx------");
  }

  @Test
  void sealedValuesOpenWithTheSameKeyFileAgain() throws IOException {
    Path key = dir.resolve("secrets.key");
    SecretRef sealed = SecretBox.open(key).seal(SECRET);

    assertThat(sealed.text()).startsWith("enc:v1:").doesNotContain(SECRET);
    SecretRef parsed = SecretRef.parse(sealed.text());
    assertThat(parsed).isEqualTo(sealed);
    assertThat(SecretBox.open(key).reveal(parsed)).isEqualTo(SECRET);
    assertThat(parsed.reveal(name -> null, SecretBox.open(key))).isEqualTo(SECRET);
  }

  @Test
  void eachSealUsesANewNonce() throws IOException {
    SecretBox box = SecretBox.open(dir.resolve("secrets.key"));
    assertThat(box.seal(SECRET)).isNotEqualTo(box.seal(SECRET));
  }

  @Test
  void anotherKeyCannotOpenAValueAndSaysWhy() throws IOException {
    SecretRef sealed = SecretBox.open(dir.resolve("one.key")).seal(SECRET);
    SecretBox other = SecretBox.open(dir.resolve("two.key"));

    assertThatThrownBy(() -> other.reveal(sealed))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "secret enc:v1:… cannot be decrypted with the key in "
                + dir.resolve("two.key")
                + ": it was encrypted with another key, or altered; encrypt the value again with"
                + " this collector's key");
  }

  @Test
  void anAlteredValueIsRefused() throws IOException {
    SecretBox box = SecretBox.open(dir.resolve("secrets.key"));
    byte[] bytes = box.seal(SECRET).sealedBytes();
    bytes[bytes.length - 1] ^= 1;
    SecretRef altered = SecretRef.parse("enc:v1:" + Base64.getEncoder().encodeToString(bytes));

    assertThatThrownBy(() -> box.reveal(altered))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("encrypted with another key, or altered");
  }

  @Test
  void aKeyFileOfTheWrongSizeIsRefused() throws IOException {
    Path key = dir.resolve("secrets.key");
    Files.write(key, new byte[17]);

    assertThatThrownBy(() -> SecretBox.open(key))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("secrets key " + key + " holds 17 bytes, not 32");
  }

  @Test
  void anEncryptedSecretWithoutAKeyIsAClearError() throws IOException {
    SecretRef sealed = SecretBox.open(dir.resolve("secrets.key")).seal(SECRET);

    assertThatThrownBy(() -> sealed.reveal(Map.<String, String>of()::get, null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "secret enc:v1:… is encrypted, but the collector has no secrets key to decrypt it");
  }
}
