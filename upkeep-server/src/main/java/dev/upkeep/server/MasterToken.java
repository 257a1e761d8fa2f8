package dev.upkeep.server;

import dev.upkeep.server.auth.Tokens;
import dev.upkeep.server.files.PrivateFiles;
import dev.upkeep.server.store.TokenRecord;
import dev.upkeep.server.store.TokenRecord.TokenKind;
import dev.upkeep.server.store.TokenStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.Optional;

/**
 * Creates the master token on first start; only its hash is stored. Of collectors starting at once
 * on a new shared database exactly one creates it ({@link TokenStore#insertMasterIfNone}), and only
 * that one writes and prints it; the others start as on an initialised store.
 */
final class MasterToken {
  private MasterToken() {}

  /**
   * Issues a master token if no unrevoked one exists.
   *
   * @param file where to write the raw token (mode 0600 from its first byte, its directory 0700
   *     when created, replaced atomically), or null
   * @param clock dates the token
   * @return the new raw token, or empty when a master token already existed or another collector
   *     created one first
   */
  static Optional<String> ensure(TokenStore tokens, Path file, Clock clock) {
    if (tokens.hasMaster()) {
      return Optional.empty();
    }
    String raw = Tokens.generate();
    TokenRecord master =
        new TokenRecord(
            Tokens.hash(raw),
            Tokens.shownPrefix(raw),
            TokenKind.MASTER,
            null,
            "created at first start",
            clock.instant(),
            null);
    if (!tokens.insertMasterIfNone(master)) {
      return Optional.empty();
    }
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
