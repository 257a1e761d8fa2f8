package dev.upkeep.server.alerts.delivery;

import dev.upkeep.server.files.PrivateFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.EnumSet;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts destination secrets for the configuration and decrypts them at delivery: AES-256-GCM
 * with a random 96-bit nonce per value and a 128-bit tag, the key a 32-byte file.
 *
 * <p>The stored form is {@code enc:v1:} followed by the base64 of the nonce (12 bytes) and the
 * ciphertext with its tag; the associated data is {@code upkeep-secret-v1}. A value is bound to the
 * key file that sealed it: another key cannot read it (a clear error says so), and altering it is
 * detected.
 *
 * <p>Thread-safe.
 */
public final class SecretBox {
  /** The key's length: {@value} bytes (AES-256). */
  public static final int KEY_BYTES = 32;

  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final byte[] AAD = "upkeep-secret-v1".getBytes(StandardCharsets.US_ASCII);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path keyFile;
  private final SecretKeySpec key;

  private SecretBox(Path keyFile, byte[] key) {
    this.keyFile = keyFile;
    this.key = new SecretKeySpec(key, "AES");
    Arrays.fill(key, (byte) 0);
  }

  /**
   * The box whose key is in {@code keyFile} (e.g. {@code <data>/secrets.key}). The first call makes
   * the file: 32 random bytes, mode 0600 from its creation (its directory 0700 when made here). An
   * existing file is read; a mode wider than 0600 is logged as a warning.
   *
   * @throws IOException when the file cannot be made or read, or does not hold exactly 32 bytes
   */
  public static SecretBox open(Path keyFile) throws IOException {
    Path abs = keyFile.toAbsolutePath().normalize();
    Path dir = abs.getParent();
    if (dir != null && !Files.isDirectory(dir)) {
      PrivateFiles.directory(dir);
    }
    if (!Files.exists(abs)) {
      byte[] key = new byte[KEY_BYTES];
      RANDOM.nextBytes(key);
      // written whole beside it, then linked into place (a link, unlike a rename, never replaces):
      // a failed write (a full disk) leaves no short key file behind, and of two collectors making
      // it at once the first key stays
      Path tmp = abs.resolveSibling(abs.getFileName() + "." + Long.toHexString(RANDOM.nextLong()));
      try {
        try (SeekableByteChannel out =
            Files.newByteChannel(
                tmp,
                EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PrivateFiles.fileMode(tmp))) {
          ByteBuffer buf = ByteBuffer.wrap(key);
          while (buf.hasRemaining()) {
            out.write(buf);
          }
          ((java.nio.channels.FileChannel) out).force(true);
        }
        Files.createLink(abs, tmp);
        return new SecretBox(abs, key);
      } catch (FileAlreadyExistsException e) {
        Arrays.fill(key, (byte) 0); // made meanwhile by another collector: read it
      } finally {
        Files.deleteIfExists(tmp);
      }
    }
    PrivateFiles.checkPrivate(abs);
    byte[] existing = Files.readAllBytes(abs);
    if (existing.length != KEY_BYTES) {
      int length = existing.length;
      Arrays.fill(existing, (byte) 0);
      throw new IOException(
          "secrets key "
              + abs
              + " holds "
              + length
              + " bytes, not "
              + KEY_BYTES
              + ": it is not a key the collector made; restore it from a backup, or move it away"
              + " to make a new one (values encrypted with the old key then need encrypting again)");
    }
    return new SecretBox(abs, existing);
  }

  /** The key file. */
  public Path keyFile() {
    return keyFile;
  }

  /**
   * {@code secret} encrypted with this key, as {@code enc:v1:<base64>}; each call uses a new nonce.
   *
   * @throws IllegalArgumentException when {@code secret} is null or empty
   */
  public SecretRef seal(String secret) {
    if (secret == null || secret.isEmpty()) {
      throw new IllegalArgumentException("a secret to encrypt must not be empty");
    }
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(AAD);
      byte[] ct = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = new byte[NONCE_BYTES + ct.length];
      System.arraycopy(nonce, 0, sealed, 0, NONCE_BYTES);
      System.arraycopy(ct, 0, sealed, NONCE_BYTES, ct.length);
      return SecretRef.sealed(sealed);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-GCM is not available in this Java runtime", e);
    }
  }

  /**
   * The clear value of an {@code enc:v1:} secret.
   *
   * @throws IllegalStateException when it was sealed with another key or altered
   */
  String reveal(SecretRef ref) {
    if (ref.isEnv()) {
      throw new IllegalArgumentException("secret " + ref + " is not encrypted");
    }
    byte[] sealed = ref.sealedBytes();
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
      cipher.updateAAD(AAD);
      byte[] clear = cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
      return new String(clear, StandardCharsets.UTF_8);
    } catch (AEADBadTagException e) {
      throw new IllegalStateException(
          "secret "
              + ref
              + " cannot be decrypted with the key in "
              + keyFile
              + ": it was encrypted with another key, or altered; encrypt the value again with"
              + " this collector's key",
          e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-GCM is not available in this Java runtime", e);
    }
  }

  @Override
  public String toString() {
    return "SecretBox[" + keyFile + "]";
  }
}
