package dev.upkeep.cli.signing;

import dev.upkeep.signing.Keys;
import dev.upkeep.signing.Signatures;
import dev.upkeep.signing.TreeHash;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code upkeep sign PATH --key PRIVATE.pem}: signs a tree's hash, as otumat does. */
@Command(
    name = "sign",
    mixinStandardHelpOptions = true,
    description = {
      "Sign the tree hash of a directory, file, jar or zip.",
      "RSASSA-PSS (SHA-256, MGF1-SHA-256, largest salt) with an RSA"
          + " key, Ed25519 with an Ed25519 key. Prints or writes one Base64 line and a newline,"
          + " as otumat writes .sig files; verifiable with `upkeep verify`, otumat and openssl.",
      "Exit codes: 0 signed, 2 usage or I/O error."
    })
public final class SignCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin TreeArguments tree;

  @Option(
      names = "--key",
      required = true,
      paramLabel = "PRIVATE.pem",
      description = "Private key, PKCS#1 or PKCS#8 PEM, unencrypted.")
  Path key;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "Write the signature to FILE instead of printing it.")
  Path out;

  @Option(
      names = "--listing",
      paramLabel = "FILE",
      description =
          "Also write the listing that was signed; `upkeep verify --listing FILE` then names"
              + " the files that changed.")
  Path listing;

  @Option(
      names = "--embed",
      description =
          "Put the signature into the jar or zip itself, as META-INF/upkeep/NAME.sig with the"
              + " listing as NAME.tree (what upkeep-maven-plugin's sign goal does); git flavour.")
  boolean embed;

  @Option(
      names = "--name",
      paramLabel = "NAME",
      description = "With --embed: the entries' name (default: the file name without extension).")
  String name;

  @Option(
      names = "--pubkey",
      paramLabel = "PUBLIC.pem",
      description = "With --embed: also embed this public key as NAME.pub (it must be the key's).")
  Path pubkey;

  @Override
  public Integer call() {
    return Exits.run(
        spec.commandLine().getErr(),
        () -> {
          if (embed) {
            return Embedded.sign(spec.commandLine(), tree, key, name, pubkey);
          }
          if (name != null || pubkey != null) {
            throw new IllegalArgumentException("--name and --pubkey go with --embed");
          }
          PrivateKey privateKey = Keys.readPrivate(key);
          TreeHash hash = tree.hash();
          String line = Signatures.sign(privateKey, hash.hex()) + "\n";
          if (listing != null) {
            Files.writeString(listing, hash.listing(), StandardCharsets.UTF_8);
          }
          if (out == null) {
            spec.commandLine().getOut().print(line);
            spec.commandLine().getOut().flush();
          } else {
            Files.writeString(out, line, StandardCharsets.US_ASCII);
            spec.commandLine()
                .getErr()
                .printf("signed %s (%s %s) into %s%n", tree.path, hash.flavour(), hash.hex(), out);
          }
          return Exits.OK;
        });
  }
}
