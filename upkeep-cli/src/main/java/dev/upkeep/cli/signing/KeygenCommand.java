package dev.upkeep.cli.signing;

import dev.upkeep.cli.output.OutputOptions;
import dev.upkeep.signing.KeyType;
import dev.upkeep.signing.Keys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code upkeep keygen --out DIR}: a new signing key pair as {@code private.pem} and {@code
 * public.pem}.
 */
@Command(
    name = "keygen",
    mixinStandardHelpOptions = true,
    description = {
      "Make a signing key pair.",
      "Writes DIR/private.pem (PKCS#8, readable by you only) and"
          + " DIR/public.pem (SPKI), as otumat and OpenSSL read them.",
      "Exit codes: 0 written, 2 usage or I/O error (nothing is overwritten without --force)."
    })
public final class KeygenCommand implements Callable<Integer> {
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");

  @Spec CommandSpec spec;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where to write.")
  Path out;

  @Option(
      names = "--type",
      paramLabel = "rsa|ed25519",
      defaultValue = "rsa",
      description = "Key type (default: ${DEFAULT-VALUE}; otumat understands RSA only).")
  String type;

  @Option(
      names = "--bits",
      defaultValue = "3072",
      description = "RSA modulus size, at least 2048 (default: ${DEFAULT-VALUE}).")
  int bits;

  @Option(names = "--force", description = "Replace existing key files.")
  boolean force;

  @Mixin OutputOptions.Quiet quiet;

  @Override
  public Integer call() {
    return Exits.run(
        spec.commandLine().getErr(),
        () -> {
          KeyPair pair;
          try {
            pair = Keys.generate(KeyType.parse(type), bits);
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--" + e.getMessage());
          }
          Files.createDirectories(out);
          Path privatePem = out.resolve("private.pem");
          Path publicPem = out.resolve("public.pem");
          if (!force) {
            for (Path p : new Path[] {privatePem, publicPem}) {
              if (Files.exists(p)) {
                throw new FileAlreadyExistsException(
                    p.toString(), null, "exists; use --force to replace it");
              }
            }
          }
          writeOwnerOnly(privatePem, Keys.toPem(pair.getPrivate()));
          Files.writeString(publicPem, Keys.toPem(pair.getPublic()), StandardCharsets.US_ASCII);
          quiet
              .out(spec.commandLine().getOut())
              .printf(
                  "wrote %s (keep it secret) and %s; key %s%n",
                  privatePem, publicPem, Keys.fingerprint(pair.getPublic()));
          return Exits.OK;
        });
  }

  /** Writes a file that is 0600 from its first byte where the file system has POSIX modes. */
  private static void writeOwnerOnly(Path file, String text) throws IOException {
    Files.deleteIfExists(file);
    boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
    FileAttribute<?>[] attributes =
        posix
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
            : new FileAttribute<?>[0];
    Files.createFile(file, attributes);
    Files.writeString(file, text, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
  }
}
