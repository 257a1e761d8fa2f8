package dev.upkeep.client.internal.enroll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSecretStoreTest {
  @TempDir Path tmp;

  private static boolean posix(Path p) {
    return p.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  @Test
  void savesLoadsAndDeletes() {
    FileSecretStore store = new FileSecretStore(tmp.resolve("upkeep"));

    assertThat(store.load("k1")).isNull();
    assertThat(store.save("k1", "{\"a\":\"\u2713\"}")).isTrue();
    assertThat(store.load("k1")).isEqualTo("{\"a\":\"\u2713\"}");
    assertThat(store.file("k1")).isEqualTo(tmp.resolve("upkeep/credentials-k1.json"));
    assertThat(store.save("k1", "second")).isTrue();
    assertThat(store.load("k1")).isEqualTo("second");

    store.delete("k1");
    store.delete("k1");

    assertThat(store.load("k1")).isNull();
    assertThat(store.file("k1")).doesNotExist();
  }

  @Test
  void keysAreSeparate() {
    FileSecretStore store = new FileSecretStore(tmp);
    store.save("a", "1");
    store.save("b", "2");

    assertThat(store.load("a")).isEqualTo("1");
    assertThat(store.load("b")).isEqualTo("2");
  }

  @Test
  void filesAre0600AndANewDirectoryIs0700() throws IOException {
    assumeTrue(posix(tmp), "POSIX file system");
    Path dir = tmp.resolve("a/b");
    FileSecretStore store = new FileSecretStore(dir);

    assertThat(store.save("k", "secret")).isTrue();

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file("k"))))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
        .isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("a"))))
        .isEqualTo("rwx------");
  }

  @Test
  void anExistingDirectoryKeepsItsMode() throws IOException {
    assumeTrue(posix(tmp), "POSIX file system");
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));

    new FileSecretStore(tmp).save("k", "s");

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp)))
        .isEqualTo("rwxr-xr-x");
  }

  @Test
  void noTemporaryFileIsLeftBehind() throws IOException {
    FileSecretStore store = new FileSecretStore(tmp);
    store.save("k", "1");
    store.save("k", "2");

    try (Stream<Path> files = Files.list(tmp)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("credentials-k.json");
    }
  }

  @Test
  void oddKeysAreHashedIntoSafeFileNames() {
    FileSecretStore store = new FileSecretStore(tmp);

    assertThat(FileSecretStore.fileKey("abc_DEF-1.2")).isEqualTo("abc_DEF-1.2");
    assertThat(FileSecretStore.fileKey("../../etc/passwd")).matches("[0-9a-f]{32}");
    assertThat(FileSecretStore.fileKey(".hidden")).matches("[0-9a-f]{32}");
    assertThat(FileSecretStore.fileKey("owner/name https://x")).matches("[0-9a-f]{32}");
    assertThat(FileSecretStore.fileKey("x".repeat(65))).matches("[0-9a-f]{32}");
    assertThat(FileSecretStore.fileKey("a/b")).isNotEqualTo(FileSecretStore.fileKey("a/c"));
    assertThat(store.save("../escape", "s")).isTrue();
    assertThat(store.file("../escape").getParent()).isEqualTo(tmp);
    assertThat(store.load("../escape")).isEqualTo("s");
  }

  @Test
  void failuresAreReportedNotThrown() throws IOException {
    Path notADir = tmp.resolve("file");
    Files.write(notADir, "x".getBytes(StandardCharsets.UTF_8));
    FileSecretStore store = new FileSecretStore(notADir);

    assertThat(store.save("k", "s")).isFalse();
    assertThat(store.load("k")).isNull();
    store.delete("k");
  }

  @Test
  void oversizedSecretsAreRefused() throws IOException {
    FileSecretStore store = new FileSecretStore(tmp);

    assertThat(store.save("k", "x".repeat(FileSecretStore.MAX_SECRET + 1))).isFalse();
    Files.write(store.file("k"), new byte[FileSecretStore.MAX_SECRET + 1]);
    assertThat(store.load("k")).isNull();
  }
}
