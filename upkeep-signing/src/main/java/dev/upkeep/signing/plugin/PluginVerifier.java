package dev.upkeep.signing.plugin;

import dev.upkeep.signing.Flavour;
import dev.upkeep.signing.Keys;
import dev.upkeep.signing.Signatures;
import dev.upkeep.signing.SignedJar;
import dev.upkeep.signing.TreeHash;
import dev.upkeep.signing.Verdict;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Decides whether a plugin jar may be loaded: it must carry a signature under {@code
 * META-INF/upkeep/} (as {@code upkeep-maven-plugin}'s {@code sign} goal or {@link SignedJar#write}
 * adds it) made by one of the trusted keys over the jar's current tree hash (git flavour). otumat's
 * base package did the same with the {@code .pub} it shipped.
 *
 * <pre>{@code
 * PluginVerifier verifier = PluginVerifier.trusting(Keys.readPublic(Path.of("base.pub")));
 * verifier.requireTrusted(Path.of("plugins/reporting-1.2.jar"));  // throws when not trusted
 * }</pre>
 *
 * A public key inside the plugin is never trusted by itself; it only names the signer in messages.
 * Verify the file you load: {@link VerifiedPlugins} copies each jar to a private directory,
 * verifies the copy and loads that. Immutable and thread-safe.
 */
public final class PluginVerifier {
  private final List<PublicKey> trusted;

  private PluginVerifier(List<PublicKey> trusted) {
    if (trusted.isEmpty()) {
      throw new IllegalArgumentException("trusted keys must not be empty");
    }
    this.trusted = List.copyOf(trusted);
  }

  /** A verifier that trusts signatures by any of {@code keys}. */
  public static PluginVerifier trusting(PublicKey... keys) {
    return new PluginVerifier(List.of(keys));
  }

  /** A verifier that trusts signatures by any of {@code keys}. */
  public static PluginVerifier trusting(Collection<PublicKey> keys) {
    return new PluginVerifier(new ArrayList<>(keys));
  }

  /**
   * A verifier trusting the PEM public key a base artifact ships as a class path resource, e.g.
   * {@code META-INF/upkeep/mybase.pub} as the {@code sign} goal with {@code publicKey} adds it.
   *
   * @throws IOException when the resource is missing or not a public key
   */
  public static PluginVerifier trustingResource(ClassLoader loader, String resource)
      throws IOException {
    try (InputStream in = loader.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException(resource + ": no such resource on the class path");
      }
      String pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
      return trusting(Keys.parsePublic(pem, resource));
    }
  }

  /**
   * Checks a jar.
   *
   * @return the trusted key whose signature the jar carries
   * @throws UntrustedPluginException naming the jar and why: no signature, changed since signing
   *     (with the entries that differ), or not signed by a trusted key (with the signer's key
   *     fingerprint when the jar names it)
   * @throws IOException when the jar cannot be read
   */
  public PublicKey requireTrusted(Path jar) throws UntrustedPluginException, IOException {
    List<SignedJar.Entry> signatures = SignedJar.read(jar);
    if (signatures.isEmpty()) {
      throw new UntrustedPluginException(
          jar, "not signed (no " + SignedJar.DIRECTORY + "*.sig entry); sign it with upkeep");
    }
    TreeHash tree = TreeHash.of(jar, Flavour.GIT);
    Verdict best = null;
    for (SignedJar.Entry signature : signatures) {
      TreeHash signed =
          signature.listing() == null ? null : TreeHash.ofListing(signature.listing(), Flavour.GIT);
      for (PublicKey key : trusted) {
        Verdict verdict = Signatures.verify(key, tree, signature.signature(), signed);
        if (verdict.valid()) {
          return key;
        }
        if (best == null || rank(verdict) > rank(best)) {
          best = verdict;
        }
      }
    }
    if (best.outcome() == Verdict.Outcome.HASH_MISMATCH) {
      throw new UntrustedPluginException(jar, best.message());
    }
    throw new UntrustedPluginException(jar, "not signed by a trusted key" + signer(signatures));
  }

  /** Whether a jar is trusted; {@link #requireTrusted} says why not. */
  public boolean isTrusted(Path jar) throws IOException {
    try {
      requireTrusted(jar);
      return true;
    } catch (UntrustedPluginException e) {
      return false;
    }
  }

  private static int rank(Verdict v) {
    return v.outcome() == Verdict.Outcome.HASH_MISMATCH ? 1 : 0;
  }

  private static String signer(List<SignedJar.Entry> signatures) {
    for (SignedJar.Entry s : signatures) {
      if (s.publicKeyPem() != null) {
        try {
          return " (it names the key "
              + Keys.fingerprint(Keys.parsePublic(s.publicKeyPem(), s.name() + ".pub"))
              + ")";
        } catch (IOException e) {
          return "";
        }
      }
    }
    return "";
  }
}
