package dev.upkeep.cli.signing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.upkeep.cli.output.OutputOptions;
import dev.upkeep.signing.FileDigest;
import dev.upkeep.signing.Flavour;
import dev.upkeep.signing.TreeHash;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code upkeep hash PATH}: prints the tree hash of a directory, file, jar or zip. */
@Command(
    name = "hash",
    mixinStandardHelpOptions = true,
    description = {
      "Print the tree hash of a directory, file, jar or zip.",
      "git: what `git ls-files -s PATH | git hash-object --stdin` prints in PATH's parent;"
          + " otumat: otumat's hash_pkg; sha256: the SHA-256 of one file, as sha256sum.",
      "With --json: {\"path\": PATH, \"flavour\": \"git\", \"hash\": HEX}, and with --listing"
          + " also \"listing\": [one line per file].",
      "Exit codes: 0 printed, 2 usage or I/O error."
    })
public final class HashCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "PATH", description = "Directory, file, jar or zip.")
  Path path;

  @Option(
      names = "--flavour",
      paramLabel = "git|otumat|sha256",
      defaultValue = "git",
      description = "How to hash (default: ${DEFAULT-VALUE}).")
  String flavour;

  @Option(
      names = "--listing",
      description = "Print the listing that is hashed (one `mode blob 0<TAB>path` per file).")
  boolean listing;

  @Mixin OutputOptions.Json json;

  @Override
  public Integer call() {
    return Exits.run(
        spec.commandLine().getErr(),
        () -> {
          if (flavour.equalsIgnoreCase("sha256")) {
            if (listing) {
              throw new IllegalArgumentException("--listing needs the git or otumat flavour");
            }
            String sha256 = FileDigest.sha256(path);
            if (json.on()) {
              json.print(spec.commandLine().getOut(), document("sha256", sha256));
            } else {
              spec.commandLine().getOut().println(sha256);
            }
            return Exits.OK;
          }
          if (!flavour.equalsIgnoreCase("git") && !flavour.equalsIgnoreCase("otumat")) {
            throw new IllegalArgumentException(
                "--flavour must be git, otumat or sha256, was " + flavour);
          }
          TreeHash hash = TreeHash.of(path, Flavour.parse(flavour));
          if (json.on()) {
            ObjectNode document = document(flavour.toLowerCase(Locale.ROOT), hash.hex());
            if (listing) {
              hash.listing().lines().forEach(document.putArray("listing")::add);
            }
            json.print(spec.commandLine().getOut(), document);
            return Exits.OK;
          }
          spec.commandLine().getOut().print(listing ? hash.listing() : hash.hex() + "\n");
          spec.commandLine().getOut().flush();
          return Exits.OK;
        });
  }

  private ObjectNode document(String flavour, String hex) {
    ObjectNode document = OutputOptions.Json.object();
    document.put("path", path.toString());
    document.put("flavour", flavour);
    document.put("hash", hex);
    return document;
  }
}
