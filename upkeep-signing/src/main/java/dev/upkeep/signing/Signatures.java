package dev.upkeep.signing;

import dev.upkeep.signing.Verdict.Outcome;
import dev.upkeep.signing.internal.PssEncoding;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Base64;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * Signatures over tree hashes, interoperable with otumat 0.3 and the OpenSSL CLI (PROTOCOLS.md
 * §5.2). The signed message is the UTF-8 of the 40-character hex hash, no newline. RSA keys sign
 * with RSASSA-PSS, SHA-256, MGF1-SHA-256 and the largest salt (222 bytes for 2048 bits); Ed25519
 * keys sign with Ed25519. Signatures are standard Base64 with padding on one line; as a file they
 * end with one LF, as otumat writes them. Verification accepts any salt length and Base64 wrapped
 * over several lines ({@code openssl enc -base64} wraps at 64). The JDK does the cryptography.
 * Stateless and thread-safe.
 */
public final class Signatures {
  /**
   * The longest signature text read, blanks included: {@value} characters (Base64 of an RSA
   * 16384-bit signature is 2732). Longer text is {@link Outcome#MALFORMED} without decoding.
   */
  public static final int MAX_SIGNATURE_CHARS = 8192;

  private Signatures() {}

  /**
   * Signs {@code hash}.
   *
   * @return the signature as one line of Base64, without a line end
   * @throws IllegalArgumentException when the key is neither RSA nor Ed25519
   */
  public static String sign(PrivateKey key, String hash) {
    try {
      Signature signer = signature(key);
      signer.initSign(key);
      signer.update(hash.getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(signer.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "cannot sign with a " + key.getAlgorithm() + " key: " + e.getMessage(), e);
    }
  }

  /**
   * Checks that {@code signatureText} was made with {@code key} over {@code hash}. For RSA it tells
   * a wrong key from a wrong hash (see {@link Verdict.Outcome}); Ed25519 cannot.
   */
  public static Verdict verify(PublicKey key, String hash, String signatureText) {
    if (signatureText.length() > MAX_SIGNATURE_CHARS) {
      return verdict(
          Outcome.MALFORMED,
          "the signature has "
              + signatureText.length()
              + " characters; the limit is "
              + MAX_SIGNATURE_CHARS
              + " (an RSA 16384-bit signature has 2732)");
    }
    byte[] signature;
    try {
      signature = Base64.getDecoder().decode(signatureText.replaceAll("\\s", ""));
    } catch (IllegalArgumentException e) {
      return verdict(Outcome.MALFORMED, "the signature is not Base64: " + e.getMessage());
    }
    if (signature.length == 0) {
      return verdict(Outcome.MALFORMED, "the signature is empty");
    }
    String keyName = "the key " + Keys.fingerprint(key);
    try {
      if (key instanceof RSAPublicKey rsa) {
        int bytes = (rsa.getModulus().bitLength() + 7) / 8;
        if (signature.length != bytes) {
          return verdict(
              Outcome.KEY_MISMATCH,
              "the signature has "
                  + signature.length
                  + " bytes, but "
                  + keyName
                  + " makes "
                  + bytes
                  + "-byte signatures: it was made with another key");
        }
        OptionalInt salt = PssEncoding.saltLength(rsa, signature);
        if (salt.isEmpty()) {
          return verdict(
              Outcome.KEY_MISMATCH,
              "the signature was not made with "
                  + keyName
                  + " (or is damaged, or not RSASSA-PSS with SHA-256)");
        }
        if (check(key, pss(salt.getAsInt()), hash, signature)) {
          return verdict(Outcome.VALID, "valid signature by " + keyName + " over " + hash);
        }
        return verdict(
            Outcome.HASH_MISMATCH,
            "the signature was made with " + keyName + " but over another hash than " + hash);
      }
      if (check(key, null, hash, signature)) {
        return verdict(Outcome.VALID, "valid signature by " + keyName + " over " + hash);
      }
      return verdict(
          Outcome.KEY_OR_HASH_MISMATCH,
          "the signature was not made with "
              + keyName
              + " over "
              + hash
              + " ("
              + key.getAlgorithm()
              + " cannot tell whether the key or the hash differs)");
    } catch (GeneralSecurityException e) {
      return verdict(Outcome.KEY_MISMATCH, "the signature does not fit " + keyName + ": " + e);
    }
  }

  /**
   * Checks a signature over a tree. When it does not cover {@code tree} and {@code signedListing}
   * (the listing kept when the tree was signed) is given and covered by the signature, the verdict
   * is {@link Outcome#HASH_MISMATCH} and names every file that changed since signing.
   *
   * @param signedListing the listing the signature was made over, or {@code null} when not kept
   */
  public static Verdict verify(
      PublicKey key, TreeHash tree, String signatureText, TreeHash signedListing) {
    Verdict now = verify(key, tree.hex(), signatureText);
    if (now.valid() || now.outcome() == Outcome.MALFORMED) {
      return now;
    }
    if (signedListing == null || signedListing.hex().equals(tree.hex())) {
      if (now.outcome() == Outcome.HASH_MISMATCH) {
        return verdict(
            Outcome.HASH_MISMATCH,
            "the tree changed since it was signed (its hash is now "
                + tree.hex()
                + "; the signature was made with the key "
                + Keys.fingerprint(key)
                + " over another hash)");
      }
      return now;
    }
    Verdict then = verify(key, signedListing.hex(), signatureText);
    if (!then.valid()) {
      return new Verdict(
          now.outcome(),
          now.message() + "; the listing given is not the one signed either",
          List.of());
    }
    List<TreeDifference> differences = tree.differencesFrom(signedListing);
    return new Verdict(
        Outcome.HASH_MISMATCH,
        "the tree changed since it was signed by "
            + Keys.fingerprint(key)
            + ": "
            + describe(differences),
        differences);
  }

  /** The first ten differences, then how many more. */
  private static String describe(List<TreeDifference> differences) {
    String named =
        differences.stream().limit(10).map(Object::toString).collect(Collectors.joining("; "));
    return differences.size() <= 10
        ? named
        : named + "; and " + (differences.size() - 10) + " more";
  }

  private static boolean check(
      PublicKey key, PSSParameterSpec parameters, String hash, byte[] signature)
      throws GeneralSecurityException {
    Signature verifier = signature(key);
    if (parameters != null) {
      verifier.setParameter(parameters);
    }
    verifier.initVerify(key);
    verifier.update(hash.getBytes(StandardCharsets.UTF_8));
    return verifier.verify(signature);
  }

  private static Signature signature(Key key) throws GeneralSecurityException {
    if (key instanceof RSAKey rsa) {
      Signature pss = Signature.getInstance("RSASSA-PSS");
      pss.setParameter(pss(PssEncoding.maxSaltLength(rsa.getModulus().bitLength())));
      return pss;
    }
    String algorithm = key.getAlgorithm();
    if (algorithm.equals("Ed25519") || algorithm.equals("EdDSA")) {
      return Signature.getInstance("Ed25519");
    }
    throw new GeneralSecurityException(
        "unsupported key algorithm " + algorithm + "; use an RSA or Ed25519 key");
  }

  private static PSSParameterSpec pss(int saltLength) {
    return new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, saltLength, 1);
  }

  private static Verdict verdict(Outcome outcome, String message) {
    return new Verdict(outcome, message, List.of());
  }
}
