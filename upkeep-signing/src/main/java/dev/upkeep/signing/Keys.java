package dev.upkeep.signing;

import dev.upkeep.signing.internal.Sha256;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMException;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * PEM keys, read and written with BouncyCastle and turned into JDK keys. Reads unencrypted private
 * keys in PKCS#1 ({@code BEGIN RSA PRIVATE KEY}) and PKCS#8 ({@code BEGIN PRIVATE KEY}), and public
 * keys in SPKI ({@code BEGIN PUBLIC KEY}), PKCS#1 ({@code BEGIN RSA PUBLIC KEY}) or an X.509
 * certificate; RSA and Ed25519. Writes PKCS#8 and SPKI, which otumat, OpenSSL and the JDK all read.
 * Stateless and thread-safe.
 */
public final class Keys {
  /**
   * The longest PEM text read, in characters: {@value} (an RSA 16384-bit private key is about 13
   * KB, a certificate 2 to 4 KB). Longer text or files are refused before parsing, which also
   * bounds the nesting BouncyCastle's ASN.1 reader can meet.
   */
  public static final int MAX_PEM_CHARS = 64 * 1024;

  private static final int MIN_RSA_BITS = 2048;

  private Keys() {}

  /**
   * Reads a private key.
   *
   * @throws IOException when the file cannot be read, is longer than {@value #MAX_PEM_CHARS}
   *     characters, holds no private key, or the key is encrypted — the message names the file and
   *     what it holds instead
   */
  public static PrivateKey readPrivate(Path pem) throws IOException {
    return parsePrivate(readBounded(pem), pem.toString());
  }

  /** Reads a public key; see {@link #readPrivate} for the errors. */
  public static PublicKey readPublic(Path pem) throws IOException {
    return parsePublic(readBounded(pem), pem.toString());
  }

  private static String readBounded(Path pem) throws IOException {
    long size = Files.size(pem);
    if (size > MAX_PEM_CHARS) {
      throw tooLong(pem.toString(), size);
    }
    return Files.readString(pem, StandardCharsets.US_ASCII);
  }

  private static IOException tooLong(String source, long size) {
    return new IOException(
        source
            + ": "
            + size
            + " characters is too long for a PEM key (the limit is "
            + MAX_PEM_CHARS
            + ")");
  }

  /**
   * Parses a private key from PEM text.
   *
   * @param source names the text in error messages (a file name)
   */
  public static PrivateKey parsePrivate(String pem, String source) throws IOException {
    Object o = first(pem, source);
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
    try {
      if (o instanceof PEMKeyPair pair) {
        return converter.getPrivateKey(pair.getPrivateKeyInfo());
      }
      if (o instanceof PrivateKeyInfo info) {
        return converter.getPrivateKey(info);
      }
    } catch (PEMException | RuntimeException e) {
      throw unusable(source, e);
    }
    if (o instanceof PEMEncryptedKeyPair || o instanceof PKCS8EncryptedPrivateKeyInfo) {
      throw new IOException(
          source
              + ": the private key is encrypted; write an unencrypted copy with"
              + " `openssl pkey -in KEY -out PLAIN` and keep it private");
    }
    throw new IOException(source + ": expected a private key, found " + describe(o));
  }

  /** Parses a public key from PEM text; {@code source} names it in error messages. */
  public static PublicKey parsePublic(String pem, String source) throws IOException {
    Object o = first(pem, source);
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
    try {
      if (o instanceof SubjectPublicKeyInfo info) {
        return converter.getPublicKey(info);
      }
      if (o instanceof X509CertificateHolder certificate) {
        return converter.getPublicKey(certificate.getSubjectPublicKeyInfo());
      }
    } catch (PEMException | RuntimeException e) {
      throw unusable(source, e);
    }
    if (o instanceof PEMKeyPair || o instanceof PrivateKeyInfo) {
      throw new IOException(
          source + ": this is a private key; give the public key (keep the private one secret)");
    }
    throw new IOException(source + ": expected a public key, found " + describe(o));
  }

  /**
   * Makes a new key pair.
   *
   * @param bits RSA modulus size, at least 2048 (3072 is a good default); ignored for Ed25519
   * @throws IllegalArgumentException when {@code bits} is below 2048 for RSA
   */
  public static KeyPair generate(KeyType type, int bits) {
    try {
      if (type == KeyType.ED25519) {
        return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
      }
      if (bits < MIN_RSA_BITS) {
        throw new IllegalArgumentException("bits must be at least 2048, was " + bits);
      }
      KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
      rsa.initialize(bits);
      return rsa.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has RSA and Ed25519 key generators", e);
    }
  }

  /**
   * The public half of a private key: from an RSA key's modulus and public exponent (PKCS#1 and
   * PKCS#8 RSA keys carry both), or derived from an Ed25519 seed.
   *
   * @throws IllegalArgumentException for other keys (an RSA key without its public exponent)
   */
  public static PublicKey publicOf(PrivateKey key) {
    try {
      if (key instanceof RSAPrivateCrtKey rsa) {
        return KeyFactory.getInstance("RSA")
            .generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
      }
      if (key.getAlgorithm().equals("EdDSA") || key.getAlgorithm().equals("Ed25519")) {
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(key.getEncoded());
        byte[] seed = ASN1OctetString.getInstance(info.parsePrivateKey()).getOctets();
        byte[] encoded =
            new SubjectPublicKeyInfo(
                    info.getPrivateKeyAlgorithm(),
                    new Ed25519PrivateKeyParameters(seed).generatePublicKey().getEncoded())
                .getEncoded();
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(encoded));
      }
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException("cannot derive the public key: " + e.getMessage(), e);
    }
    throw new IllegalArgumentException(
        "cannot derive the public key of a " + key.getAlgorithm() + " key; give the public key");
  }

  /** The private key as unencrypted PKCS#8 PEM ({@code BEGIN PRIVATE KEY}), ending with LF. */
  public static String toPem(PrivateKey key) {
    try {
      return pem(new JcaPKCS8Generator(key, null).generate());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The public key as SPKI PEM ({@code BEGIN PUBLIC KEY}), ending with LF. */
  public static String toPem(PublicKey key) {
    return pem(key);
  }

  /**
   * A short, stable name of a public key for messages: {@code SHA256:} and the unpadded Base64 of
   * the SHA-256 of its SPKI encoding (as {@code ssh-keygen -l} prints fingerprints).
   */
  public static String fingerprint(PublicKey key) {
    byte[] digest = Sha256.of(key.getEncoded());
    return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
  }

  private static String pem(Object o) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(o);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString().replace("\r\n", "\n");
  }

  private static Object first(String pem, String source) throws IOException {
    if (pem.length() > MAX_PEM_CHARS) {
      throw tooLong(source, pem.length());
    }
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      Object o = parser.readObject();
      if (o == null) {
        throw new IOException(source + ": no PEM block (-----BEGIN …-----) found");
      }
      return o;
    } catch (IOException e) {
      if (e.getMessage() != null && e.getMessage().startsWith(source + ": ")) {
        throw e;
      }
      throw new IOException(source + ": not a readable PEM key: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      // BouncyCastle reports some malformed ASN.1 as IllegalArgumentException or
      // IllegalStateException.
      throw new IOException(source + ": not a readable PEM key: " + e.getMessage(), e);
    }
  }

  /** A PEM block that parses but whose key the JDK refuses (a damaged or inconsistent key). */
  private static IOException unusable(String source, Exception e) {
    return new IOException(source + ": not a usable key: " + e.getMessage(), e);
  }

  private static String describe(Object o) {
    String name = o.getClass().getSimpleName();
    return switch (name) {
      case "X509CertificateHolder" -> "a certificate";
      case "PKCS10CertificationRequest" -> "a certificate request";
      case "ContentInfo" -> "a PKCS#7 structure";
      default -> "a PEM " + name;
    };
  }
}
