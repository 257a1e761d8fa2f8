package dev.upkeep.server;

import dev.upkeep.server.auth.Access;
import dev.upkeep.server.files.PrivateFiles;
import dev.upkeep.server.store.TokenRecord.TokenKind;
import dev.upkeep.server.store.TokenStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/** Creates the master token on first start; only its hash is stored. */
final class MasterToken {
  private MasterToken() {}

  /**
   * Issues a master token if none exists.
   *
   * @param file where to write the raw token (mode 0600 from its first byte, its directory 0700
   *     when created, replaced atomically), or null
   * @return the new raw token, or empty when a master token already existed
   */
  static Optional<String> ensure(TokenStore tokens, Access access, Path file) {
    if (tokens.hasMaster()) {
      return Optional.empty();
    }
    String raw = access.issue(TokenKind.MASTER, null, "created at first start");
    if (file != null) {
      write(file, raw);
    }
    return Optional.of(raw);
  }

  private static void write(Path file, String raw) {
    try {
      Path dir = file.toAbsolutePath().getParent();
      PrivateFiles.directory(dir);
      Path tmp = Files.createTempFile(dir, ".master-token", ".tmp", PrivateFiles.fileMode(dir));
      try {
        Files.writeString(tmp, raw + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the master token to " + file + ": " + e, e);
    }
  }
}
