package dev.upkeep.watch;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

/** Real files and real scripts in a temporary directory. */
final class Fixture {
  /** Polling tests check this often. */
  static final Duration FAST_POLL = Duration.ofMillis(100);

  final Path dir;

  Fixture(Path dir) {
    this.dir = dir.toAbsolutePath();
  }

  /** An executable {@code #!/bin/sh} script with this body. */
  Path script(String name, String body) throws IOException {
    Path p = Files.writeString(dir.resolve(name), "#!/bin/sh\n" + body);
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    return p;
  }

  /** otumat's demo: prints its first argument plus one. */
  Path counter() throws IOException {
    return script("count.sh", "echo $(($1 + 1))\n");
  }

  /**
   * Saves as most editors do: the new content goes to a temporary file in the same directory, which
   * is then renamed over the file (a new inode).
   */
  static void save(Path file, String content) throws IOException {
    Path temp = Files.writeString(file.resolveSibling("." + file.getFileName() + ".swp"), content);
    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /**
   * A watch of {@code target} by {@code detection}: native events without a backstop that could
   * hide a missed event (a one-minute interval), or polling every {@link #FAST_POLL}.
   */
  static Watch.Builder watch(
      Path target, Detection detection, Path script, Recorder recorder, String... args) {
    return Watch.builder()
        .path(target)
        .script(script.toString())
        .arguments(List.of(args))
        .detection(detection)
        .interval(detection == Detection.POLLING ? FAST_POLL : Duration.ofMinutes(1))
        .listener(recorder);
  }

  /** Waits until a file exists. */
  static void awaitFile(Path file) {
    await(file + " exists").atMost(Duration.ofSeconds(15)).until(() -> Files.exists(file));
  }
}
