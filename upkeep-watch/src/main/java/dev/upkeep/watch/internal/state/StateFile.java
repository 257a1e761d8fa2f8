package dev.upkeep.watch.internal.state;

import dev.upkeep.protocol.Utf8;
import dev.upkeep.watch.internal.run.OutputLines;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;

/**
 * The arguments of the next run, kept across restarts: UTF-8 text, one argument per line, each line
 * ending with {@code \n} (what the script printed, with a last line break added). Replaced
 * atomically: written to {@code .NAME.*.tmp} beside it, flushed to disk, renamed over it, so a
 * crash leaves the old state or the new one, never a mix.
 */
public final class StateFile {
  private final Path file;

  public StateFile(Path file) {
    this.file = file;
  }

  /** The file. */
  public Path path() {
    return file;
  }

  /**
   * The arguments it holds, or empty when it does not exist yet.
   *
   * @throws IllegalArgumentException when it is not UTF-8 text
   * @throws UncheckedIOException when it cannot be read
   */
  public Optional<List<String>> read() {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the state file " + file + ": " + e, e);
    }
    try {
      return Optional.of(OutputLines.split(Utf8.decode(bytes)));
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException(
          "state file " + file + " is not UTF-8 text; fix it or delete it to start from ARGS", e);
    }
  }

  /**
   * Checks that arguments can be kept: one per line means none may contain a line break.
   *
   * @throws IllegalArgumentException naming the first that cannot
   */
  public static void requireKeepable(List<String> arguments) {
    for (int i = 0; i < arguments.size(); i++) {
      String a = arguments.get(i);
      if (a.indexOf('\n') >= 0 || a.indexOf('\r') >= 0) {
        throw new IllegalArgumentException(
            "argument "
                + (i + 1)
                + " contains a line break, which a state file (one argument per line) cannot keep;"
                + " leave out the state file or the line break");
      }
    }
  }

  /** Replaces the file's content with these arguments, atomically. */
  public void write(List<String> arguments) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Path temp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
    try {
      try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ByteBuffer bytes =
            ByteBuffer.wrap(OutputLines.join(arguments).getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
          out.write(bytes);
        }
        out.force(true);
      }
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
