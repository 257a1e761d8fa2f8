package dev.upkeep.maven;

import dev.upkeep.signing.Keys;
import dev.upkeep.signing.plugin.PluginVerifier;
import dev.upkeep.signing.plugin.UntrustedPluginException;
import java.io.File;
import java.io.IOException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Checks the project's jar as a base application's {@link PluginVerifier} will: it must carry a
 * {@code META-INF/upkeep/*.sig} made by one of the trusted public keys over the jar's current tree
 * hash. Fails the build naming what differs (entries changed since signing, or the key that signed
 * it) when it does not.
 */
@Mojo(name = "verify", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public final class VerifyMojo extends AbstractMojo {
  // Fields are package-private so that MojoErrorsTest can set them as Maven does.

  /** The trusted public key (PEM: SPKI, PKCS#1 or a certificate); see also {@code publicKeys}. */
  @Parameter(property = "upkeep.publicKey")
  File publicKey;

  /** More trusted public keys; the jar passes when any trusted key signed it. */
  @Parameter List<File> publicKeys;

  /** The jar to check. */
  @Parameter(defaultValue = "${project.build.directory}/${project.build.finalName}.jar")
  File jar;

  /** Skips the check. */
  @Parameter(property = "upkeep.verify.skip", defaultValue = "false")
  boolean skip;

  @Parameter(defaultValue = "${project.packaging}", readonly = true)
  String packaging;

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("Skipping upkeep:verify (upkeep.verify.skip)");
      return;
    }
    if (!jar.isFile()) {
      if ("pom".equals(packaging)) {
        getLog().info("Skipping upkeep:verify: a project with packaging pom has no jar");
        return;
      }
      throw new MojoExecutionException(
          "upkeep:verify: the jar "
              + jar
              + " does not exist; run verify after the package phase, or set <jar>");
    }
    List<PublicKey> trusted = trustedKeys();
    try {
      PublicKey signer = PluginVerifier.trusting(trusted).requireTrusted(jar.toPath());
      getLog().info("Verified " + jar.getName() + ": signed by " + Keys.fingerprint(signer));
    } catch (UntrustedPluginException e) {
      throw new MojoFailureException(
          "upkeep:verify: "
              + e.getMessage()
              + "; trusted: "
              + trusted.stream().map(Keys::fingerprint).collect(Collectors.joining(", ")));
    } catch (IOException e) {
      throw new MojoExecutionException(
          "upkeep:verify: cannot read " + jar + ": " + e.getMessage(), e);
    }
  }

  private List<PublicKey> trustedKeys() throws MojoExecutionException {
    List<PublicKey> keys = new ArrayList<>();
    if (publicKey != null) {
      keys.add(KeyFiles.readPublic(publicKey, "publicKey"));
    }
    if (publicKeys != null) {
      for (File file : publicKeys) {
        keys.add(KeyFiles.readPublic(file, "publicKeys"));
      }
    }
    if (keys.isEmpty()) {
      throw new MojoExecutionException(
          "upkeep:verify needs at least one trusted public key: set <publicKey> (or"
              + " -Dupkeep.publicKey=FILE) or list files in <publicKeys>");
    }
    return keys;
  }
}
