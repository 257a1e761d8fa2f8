package dev.upkeep.server.alerts;

import dev.upkeep.server.alerts.delivery.SecretBox;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * The collector's secrets key, opened (made, the first time) when an {@code enc:v1:} secret is
 * first sealed or revealed rather than at start: a collector whose rules use only {@code env:}
 * secrets never makes the file, and one whose data disk is full or read-only still starts.
 * Thread-safe.
 */
final class SecretsKey implements Supplier<SecretBox> {
  private final Path file;
  private SecretBox box;

  SecretsKey(Path file) {
    this.file = file;
  }

  /**
   * The box.
   *
   * @throws IllegalStateException naming the file when it cannot be made or read
   */
  @Override
  public synchronized SecretBox get() {
    if (box == null) {
      try {
        box = SecretBox.open(file);
      } catch (IOException e) {
        throw new IllegalStateException("secrets-key-file " + file + ": " + e.getMessage(), e);
      }
    }
    return box;
  }
}
