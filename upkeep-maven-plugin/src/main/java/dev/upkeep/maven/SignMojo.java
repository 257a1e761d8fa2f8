package dev.upkeep.maven;

import dev.upkeep.signing.Flavour;
import dev.upkeep.signing.Keys;
import dev.upkeep.signing.Signatures;
import dev.upkeep.signing.SignedJar;
import dev.upkeep.signing.TreeHash;
import java.io.File;
import java.io.IOException;
import java.security.PrivateKey;
import java.security.PublicKey;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Signs the project's jar: hashes its entries (git-flavour tree hash, leaving out {@code
 * META-INF/upkeep/}), signs the hash with {@code privateKey} (RSASSA-PSS for RSA keys, as otumat
 * and OpenSSL do; Ed25519 for Ed25519 keys), and adds {@code META-INF/upkeep/<name>.sig} (the
 * signature, one Base64 line), {@code <name>.tree} (the listing that was hashed) and, when {@code
 * publicKey} is set, {@code <name>.pub} to the jar. The jar is rewritten in place, atomically.
 *
 * <p>Bind it in the {@code package} phase after everything else that changes the jar (shade,
 * jarsigner...): any later change to an entry invalidates the signature. Signing again replaces the
 * entries and gives the same tree hash.
 */
@Mojo(name = "sign", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public final class SignMojo extends AbstractMojo {
  // Fields are package-private so that MojoErrorsTest can set them as Maven does.

  /**
   * The private key to sign with: an unencrypted PEM file, RSA (PKCS#1 {@code BEGIN RSA PRIVATE
   * KEY} or PKCS#8 {@code BEGIN PRIVATE KEY}) or Ed25519 (PKCS#8). Keep it out of the project.
   */
  @Parameter(property = "upkeep.privateKey", required = true)
  File privateKey;

  /**
   * A public key (PEM: SPKI, PKCS#1 or a certificate) to embed as {@code
   * META-INF/upkeep/<name>.pub}, in SPKI form — what a base application ships so it can trust its
   * plugins. It must be the public half of {@code privateKey}. Not embedded when unset.
   */
  @Parameter(property = "upkeep.publicKey")
  File publicKey;

  /** The entries' base name: {@code META-INF/upkeep/<name>.sig}. */
  @Parameter(defaultValue = "${project.artifactId}")
  String name;

  /** The jar to sign, rewritten in place. */
  @Parameter(defaultValue = "${project.build.directory}/${project.build.finalName}.jar")
  File jar;

  /** Skips signing. */
  @Parameter(property = "upkeep.sign.skip", defaultValue = "false")
  boolean skip;

  @Parameter(defaultValue = "${project.packaging}", readonly = true)
  String packaging;

  @Override
  public void execute() throws MojoExecutionException {
    if (skip) {
      getLog().info("Skipping upkeep:sign (upkeep.sign.skip)");
      return;
    }
    if (!jar.isFile()) {
      if ("pom".equals(packaging)) {
        getLog().info("Skipping upkeep:sign: a project with packaging pom has no jar");
        return;
      }
      throw new MojoExecutionException(
          "upkeep:sign: the jar "
              + jar
              + " does not exist; bind sign after jar:jar in the package phase, or set <jar>");
    }
    if (name.isBlank() || name.contains("/") || name.contains("\\")) {
      throw new MojoExecutionException(
          "upkeep:sign: name must be a file name without '/' (it names META-INF/upkeep/<name>.sig),"
              + " was '"
              + name
              + "'");
    }
    PrivateKey signingKey = KeyFiles.readPrivate(privateKey, "privateKey");
    PublicKey embedded = publicKey == null ? null : KeyFiles.readPublic(publicKey, "publicKey");
    try {
      TreeHash tree = TreeHash.of(jar.toPath(), Flavour.GIT);
      String signature = sign(signingKey, tree.hex());
      if (embedded != null && !Signatures.verify(embedded, tree.hex(), signature).valid()) {
        throw new MojoExecutionException(
            "upkeep:sign: publicKey "
                + publicKey
                + " is not the public half of privateKey "
                + privateKey
                + "; embedding it would name the wrong signer. Give the matching public key"
                + " (openssl pkey -in PRIVATE -pubout)");
      }
      SignedJar.write(
          jar.toPath(),
          name,
          signature,
          tree.listing(),
          embedded == null ? null : Keys.toPem(embedded));
      getLog()
          .info(
              "Signed "
                  + jar.getName()
                  + ": tree hash "
                  + tree.hex()
                  + " ("
                  + tree.listing().lines().count()
                  + " files), key "
                  + fingerprint(signingKey, embedded));
    } catch (IOException e) {
      throw new MojoExecutionException(
          "upkeep:sign: cannot sign " + jar + ": " + e.getMessage(), e);
    }
  }

  private String sign(PrivateKey key, String hex) throws MojoExecutionException {
    try {
      return Signatures.sign(key, hex);
    } catch (IllegalArgumentException e) {
      throw new MojoExecutionException(
          "upkeep:sign: privateKey " + privateKey + ": " + e.getMessage(), e);
    }
  }

  private static String fingerprint(PrivateKey key, PublicKey embedded) {
    return Keys.fingerprint(embedded != null ? embedded : Keys.publicOf(key));
  }
}
