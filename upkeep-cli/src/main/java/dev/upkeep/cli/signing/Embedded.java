package dev.upkeep.cli.signing;

import dev.upkeep.cli.output.OutputOptions;
import dev.upkeep.signing.Flavour;
import dev.upkeep.signing.Keys;
import dev.upkeep.signing.Signatures;
import dev.upkeep.signing.SignedJar;
import dev.upkeep.signing.TreeHash;
import dev.upkeep.signing.plugin.PluginVerifier;
import dev.upkeep.signing.plugin.UntrustedPluginException;
import java.io.IOException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import picocli.CommandLine;

/**
 * Signatures a jar or zip carries itself under {@code META-INF/upkeep/} ({@link SignedJar}): {@code
 * upkeep sign --embed} and {@code upkeep verify} without {@code --signature}.
 */
final class Embedded {
  private Embedded() {}

  static int sign(CommandLine cmd, TreeArguments tree, Path key, String name, Path pubkey)
      throws IOException {
    requireArchive(tree, "--embed");
    PrivateKey privateKey = Keys.readPrivate(key);
    PublicKey publicKey = pubkey == null ? Keys.publicOf(privateKey) : Keys.readPublic(pubkey);
    TreeHash hash = tree.hash();
    String signature = Signatures.sign(privateKey, hash.hex());
    if (pubkey != null && !Signatures.verify(publicKey, hash.hex(), signature).valid()) {
      throw new IllegalArgumentException(
          pubkey
              + " is not the public key of "
              + key
              + "; embedding it would name the wrong signer");
    }
    String entries = name == null ? baseName(tree.path) : name;
    if (entries.isBlank() || entries.contains("/") || entries.contains("\\")) {
      throw new IllegalArgumentException("--name must be a file name without '/', was " + entries);
    }
    SignedJar.write(
        tree.path,
        entries,
        signature,
        hash.listing(),
        pubkey == null ? null : Keys.toPem(publicKey));
    cmd.getOut()
        .printf(
            "signed %s: tree hash %s, key %s, into %s%s.sig%n",
            tree.path, hash.hex(), Keys.fingerprint(publicKey), SignedJar.DIRECTORY, entries);
    cmd.getOut().flush();
    return Exits.OK;
  }

  static int verify(CommandLine cmd, TreeArguments tree, Path pubkey, OutputOptions.Json json)
      throws IOException {
    requireArchive(tree, "verify without --signature");
    PublicKey key = Keys.readPublic(pubkey);
    String fingerprint = Keys.fingerprint(key);
    try {
      PluginVerifier.trusting(key).requireTrusted(tree.path);
    } catch (UntrustedPluginException e) {
      if (json.on()) {
        json.print(
            cmd.getOut(),
            VerifyCommand.document(tree, false, fingerprint).put("message", e.getMessage()));
      }
      cmd.getErr().println("upkeep: invalid: " + e.getMessage());
      return Exits.INVALID;
    }
    String message =
        String.format(
            "valid signature by the key %s, carried in %s (%s)",
            fingerprint, tree.path, SignedJar.DIRECTORY);
    if (json.on()) {
      json.print(
          cmd.getOut(), VerifyCommand.document(tree, true, fingerprint).put("message", message));
      return Exits.OK;
    }
    cmd.getOut().println(message);
    cmd.getOut().flush();
    return Exits.OK;
  }

  private static void requireArchive(TreeArguments tree, String what) {
    if (!TreeHash.isArchive(tree.path)) {
      throw new IllegalArgumentException(
          what
              + " needs a .jar, .zip, .war or .ear file (the signature lives in its"
              + " META-INF/upkeep/); for "
              + tree.path
              + " give --signature FILE");
    }
    if (tree.flavour() != Flavour.GIT) {
      throw new IllegalArgumentException(what + ": a jar's signature is over its git-flavour hash");
    }
  }

  private static String baseName(Path path) {
    String file = path.getFileName().toString();
    int dot = file.lastIndexOf('.');
    return dot > 0 ? file.substring(0, dot) : file;
  }
}
