package dev.upkeep.cli.signing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.upkeep.cli.output.OutputOptions;
import dev.upkeep.signing.Flavour;
import dev.upkeep.signing.Keys;
import dev.upkeep.signing.Signatures;
import dev.upkeep.signing.TreeHash;
import dev.upkeep.signing.Verdict;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code upkeep verify PATH --pubkey PUBLIC.pem --signature FILE}: checks a tree's signature. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Check a signature of a tree hash.",
      "Checks that SIGNATURE was made with PUBLIC.pem's key over the tree hash of PATH. Accepts"
          + " signatures by upkeep, otumat and openssl (any PSS salt, wrapped Base64).",
      "Exit codes: 0 valid, 1 invalid (saying whether the tree or the key did not match),"
          + " 2 usage or I/O error.",
      "With --json, valid or invalid: {\"path\", \"valid\", \"outcome\" (valid, hash_mismatch,"
          + " key_mismatch, key_or_hash_mismatch, malformed), \"key\" (its fingerprint),"
          + " \"message\", \"differences\" (the files changed, found with --listing)}."
    })
public final class VerifyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin TreeArguments tree;

  @Option(
      names = "--pubkey",
      required = true,
      paramLabel = "PUBLIC.pem",
      description = "Public key: SPKI or PKCS#1 PEM, or a certificate.")
  Path pubkey;

  @Option(
      names = "--signature",
      paramLabel = "FILE",
      description =
          "The signature: Base64, on one line or wrapped. Without it, a jar or zip is checked"
              + " against the signature it carries (META-INF/upkeep/*.sig).")
  Path signature;

  @Option(
      names = "--listing",
      paramLabel = "FILE",
      description = "The listing written by `upkeep sign --listing`: names what changed.")
  Path listing;

  @Mixin OutputOptions.Json json;

  @Override
  public Integer call() {
    return Exits.run(
        spec.commandLine().getErr(),
        () -> {
          if (signature == null) {
            if (listing != null) {
              throw new IllegalArgumentException(
                  "--listing goes with --signature; a jar carries its own listing");
            }
            return Embedded.verify(spec.commandLine(), tree, pubkey, json);
          }
          Flavour f = tree.flavour();
          PublicKey key = Keys.readPublic(pubkey);
          String signatureText = Files.readString(signature, StandardCharsets.US_ASCII);
          TreeHash signed =
              listing == null
                  ? null
                  : TreeHash.ofListing(Files.readString(listing, StandardCharsets.UTF_8), f);
          Verdict verdict = Signatures.verify(key, tree.hash(), signatureText, signed);
          if (json.on()) {
            ObjectNode document = document(tree, verdict.valid(), Keys.fingerprint(key));
            document.put("outcome", verdict.outcome().name().toLowerCase(Locale.ROOT));
            document.put("message", verdict.message());
            ArrayNode differences = document.putArray("differences");
            verdict.differences().forEach(d -> differences.add(d.toString()));
            json.print(spec.commandLine().getOut(), document);
          }
          if (verdict.valid()) {
            if (json.on()) {
              return Exits.OK;
            }
            spec.commandLine().getOut().println(verdict.message());
            spec.commandLine().getOut().flush();
            return Exits.OK;
          }
          spec.commandLine()
              .getErr()
              .println("upkeep: invalid: " + tree.path + ": " + verdict.message());
          return Exits.INVALID;
        });
  }

  /** The start of {@code --json}'s document: {@code path}, {@code valid}, {@code key}. */
  static ObjectNode document(TreeArguments tree, boolean valid, String key) {
    ObjectNode document = OutputOptions.Json.object();
    document.put("path", tree.path.toString());
    document.put("valid", valid);
    document.put("key", key);
    return document;
  }
}
