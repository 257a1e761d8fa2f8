package dev.upkeep.cli.signing;

import dev.upkeep.signing.Flavour;
import dev.upkeep.signing.TreeHash;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The tree {@code sign} and {@code verify} work on: PATH and {@code --flavour}. */
final class TreeArguments {
  @Parameters(index = "0", paramLabel = "PATH", description = "Directory, file, jar or zip.")
  Path path;

  @Option(
      names = "--flavour",
      paramLabel = "git|otumat",
      defaultValue = "git",
      description = "Tree hash flavour (default: ${DEFAULT-VALUE}).")
  String flavour;

  /** The parsed {@code --flavour}; an {@link IllegalArgumentException} names the option. */
  Flavour flavour() {
    try {
      return Flavour.parse(flavour);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--flavour must be git or otumat, was " + flavour);
    }
  }

  TreeHash hash() throws IOException {
    return TreeHash.of(path, flavour());
  }
}
