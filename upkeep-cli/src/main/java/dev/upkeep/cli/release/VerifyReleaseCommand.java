package dev.upkeep.cli.release;

import dev.upkeep.archive.ReleaseId;
import dev.upkeep.archive.Releases;
import dev.upkeep.signing.Keys;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code upkeep release verify NAME --version V --archive A [--pubkey P]}. */
@Command(
    name = "verify",
    description = {
      "Check a release in the archive.",
      "Reads every blob and checks its size and SHA-256 against the record, and the recorded"
          + " tree hash; with --pubkey, the signature too. Names every file that differs.",
      "Exit codes: 0 valid, 1 not found or invalid, 2 usage or I/O error."
    })
public final class VerifyReleaseCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  /** {@code -h/--help} alone: picocli's {@code -V/--version} would take this command's version. */
  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help message and exit.")
  boolean help;

  @Parameters(index = "0", paramLabel = "NAME", description = "The release title.")
  String name;

  @Option(names = "--version", required = true, paramLabel = "V", description = "The version.")
  String version;

  @Mixin ArchiveOptions archive;

  @Option(
      names = "--pubkey",
      paramLabel = "PUBLIC.pem",
      description = "Check the release's signature with this public key.")
  Path pubkey;

  @Override
  public Integer call() {
    var err = spec.commandLine().getErr();
    return ReleaseExits.run(
        err,
        () -> {
          ReleaseId id = archive.release(name, version);
          PublicKey key = pubkey == null ? null : Keys.readPublic(pubkey);
          Releases releases = archive.open(err);
          String summary = releases.verify(releases.require(id), key);
          spec.commandLine().getOut().println(summary);
          spec.commandLine().getOut().flush();
          return ReleaseExits.OK;
        });
  }
}
