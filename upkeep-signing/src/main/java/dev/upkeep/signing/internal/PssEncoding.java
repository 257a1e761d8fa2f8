package dev.upkeep.signing.internal;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.interfaces.RSAPublicKey;
import java.util.OptionalInt;

/**
 * Opens an RSASSA-PSS signature with the public key (RFC 8017 §9.1.2 up to the hash comparison) to
 * learn its salt length. A signature made with this key and SHA-256/MGF1-SHA-256 has a well-formed
 * encoding (trailer {@code 0xBC}, zero padding, a {@code 0x01} separator) whatever message it
 * signed; one made with another key almost never does (about 1 in 130 000). So a well-formed
 * encoding whose hash does not match means "this key, another message".
 */
public final class PssEncoding {
  private static final int H_LEN = 32;

  private PssEncoding() {}

  /**
   * The salt length of {@code signature} under {@code key}, or empty when it is not well formed.
   */
  public static OptionalInt saltLength(RSAPublicKey key, byte[] signature) {
    BigInteger n = key.getModulus();
    int modBits = n.bitLength();
    int k = (modBits + 7) / 8;
    if (signature.length != k) {
      return OptionalInt.empty();
    }
    BigInteger s = new BigInteger(1, signature);
    if (s.compareTo(n) >= 0) {
      return OptionalInt.empty();
    }
    int emBits = modBits - 1;
    int emLen = (emBits + 7) / 8;
    byte[] m = s.modPow(key.getPublicExponent(), n).toByteArray();
    byte[] em = new byte[emLen];
    int significant = m.length;
    int from = 0;
    while (significant > emLen && m[from] == 0) {
      from++;
      significant--;
    }
    if (significant > emLen) {
      return OptionalInt.empty();
    }
    System.arraycopy(m, from, em, emLen - significant, significant);
    if (emLen < H_LEN + 2 || (em[emLen - 1] & 0xff) != 0xbc) {
      return OptionalInt.empty();
    }
    int dbLen = emLen - H_LEN - 1;
    int topBits = 8 * emLen - emBits;
    if (topBits > 0 && (em[0] & 0xff) >>> (8 - topBits) != 0) {
      return OptionalInt.empty();
    }
    byte[] mask = mgf1(em, dbLen, dbLen);
    byte[] db = new byte[dbLen];
    for (int i = 0; i < dbLen; i++) {
      db[i] = (byte) (em[i] ^ mask[i]);
    }
    if (topBits > 0) {
      db[0] &= (byte) (0xff >>> topBits);
    }
    int i = 0;
    while (i < dbLen && db[i] == 0) {
      i++;
    }
    if (i == dbLen || db[i] != 1) {
      return OptionalInt.empty();
    }
    return OptionalInt.of(dbLen - i - 1);
  }

  /** The largest salt for a key: emLen − hLen − 2 (222 bytes for 2048 bits). */
  public static int maxSaltLength(RSAPublicKey key) {
    return maxSaltLength(key.getModulus().bitLength());
  }

  /** The largest salt for a modulus of {@code modBits} bits. */
  public static int maxSaltLength(int modBits) {
    return (modBits - 1 + 7) / 8 - H_LEN - 2;
  }

  /** MGF1 with SHA-256 over {@code em[seedAt .. seedAt+32)}, {@code length} bytes. */
  private static byte[] mgf1(byte[] em, int seedAt, int length) {
    MessageDigest sha256 = Sha256.newDigest();
    byte[] out = new byte[length];
    ByteBuffer counter = ByteBuffer.allocate(4);
    for (int c = 0, at = 0; at < length; c++) {
      sha256.update(em, seedAt, H_LEN);
      sha256.update(counter.putInt(0, c).array());
      byte[] block = sha256.digest();
      int n = Math.min(block.length, length - at);
      System.arraycopy(block, 0, out, at, n);
      at += n;
    }
    return out;
  }
}
