package dev.upkeep.client.internal.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserIdsTest {
  @TempDir Path tmp;

  /** Hand-built UUIDv3 (RFC 4122 §4.3): MD5 of namespace bytes + name, version and variant set. */
  private static String uuid3ByHand(String name) throws NoSuchAlgorithmException {
    byte[] namespace = {
      0x6b,
      (byte) 0xa7,
      (byte) 0xb8,
      0x10,
      (byte) 0x9d,
      (byte) 0xad,
      0x11,
      (byte) 0xd1,
      (byte) 0x80,
      (byte) 0xb4,
      0x00,
      (byte) 0xc0,
      0x4f,
      (byte) 0xd4,
      0x30,
      (byte) 0xc8
    };
    MessageDigest md5 = MessageDigest.getInstance("MD5");
    md5.update(namespace);
    byte[] hash = md5.digest(name.getBytes(StandardCharsets.UTF_8));
    hash[6] = (byte) ((hash[6] & 0x0f) | 0x30);
    hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
    StringBuilder hex = new StringBuilder();
    for (int i = 0; i < 16; i++) {
      if (i == 4 || i == 6 || i == 8 || i == 10) {
        hex.append('-');
      }
      hex.append(String.format("%02x", hash[i] & 0xff));
    }
    return hex.toString();
  }

  @Test
  void deriveMatchesHandBuiltUuid3AndPython() throws Exception {
    String id = UserIds.derive("user", "host");

    assertThat(id).isEqualTo(uuid3ByHand("user@host"));
    // python3 -c 'import uuid; print(uuid.uuid3(uuid.NAMESPACE_DNS, "user@host"))'
    assertThat(id).isEqualTo("30ec3a04-91f5-3885-882e-921a9db25c6b");
    assertThat(UUID.fromString(id).version()).isEqualTo(3);
  }

  @Test
  void uuid3MatchesThePythonDocumentationExample() {
    // uuid.uuid3(uuid.NAMESPACE_DNS, 'python.org'), from Python's uuid module documentation
    assertThat(UserIds.uuid3(UserIds.NAMESPACE_DNS, "python.org"))
        .hasToString("6fa459ea-ee8a-3ca4-894e-db77e160355e");
  }

  @Test
  void deriveEncodesUtf8() throws Exception {
    assertThat(UserIds.derive("zoë", "höst.example")).isEqualTo(uuid3ByHand("zoë@höst.example"));
  }

  @Test
  void noIdIsMadeOrReadWhileNotAllowed() throws IOException {
    UserIds ids = new UserIds(tmp);

    assertThat(ids.loadOrCreate(false, "u", "h", () -> false)).isNull();
    assertThat(ids.file()).doesNotExist();
    String id = ids.loadOrCreate(false, "u", "h", () -> true);
    assertThat(ids.existing()).isEqualTo(id);
    assertThat(ids.loadOrCreate(false, "u", "h", () -> false)).isNull();
  }

  @Test
  void createsFileWithMode0600AndReusesIt() throws IOException {
    Path dir = tmp.resolve("a/b/upkeep");
    UserIds ids = new UserIds(dir);

    String first = ids.loadOrCreate(true, "user", "host");

    assertThat(first).isEqualTo("30ec3a04-91f5-3885-882e-921a9db25c6b");
    assertThat(ids.file()).isEqualTo(dir.resolve("user_id")).isRegularFile();
    assertThat(Files.readString(ids.file()).trim()).isEqualTo(first);
    if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(ids.file())))
          .isEqualTo("rw-------");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
          .isEqualTo("rwx------");
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactly(ids.file()); // no temp file left behind
    }

    assertThat(ids.loadOrCreate(true, "other", "machine")).isEqualTo(first);
    assertThat(new UserIds(dir).loadOrCreate(false, "user", "host")).isEqualTo(first);
  }

  @Test
  void randomPolicyMakesVersion4AndKeepsIt() {
    UserIds ids = new UserIds(tmp);

    String id = ids.loadOrCreate(false, "user", "host");

    assertThat(UUID.fromString(id).version()).isEqualTo(4);
    assertThat(ids.loadOrCreate(false, "user", "host")).isEqualTo(id);
    assertThat(ids.loadOrCreate(true, "user", "host")).isEqualTo(id);
  }

  @Test
  void existingIdIsReadAndNormalised() throws IOException {
    UserIds ids = new UserIds(tmp);
    Files.writeString(ids.file(), "  3571E622-BEAF-3C5E-B094-65F5809F8C1F\n");

    assertThat(ids.loadOrCreate(true, "user", "host"))
        .isEqualTo("3571e622-beaf-3c5e-b094-65f5809f8c1f");
  }

  @Test
  void invalidContentIsReplaced() throws IOException {
    UserIds ids = new UserIds(tmp);
    Files.writeString(ids.file(), "not a uuid");

    String id = ids.loadOrCreate(true, "user", "host");

    assertThat(id).isEqualTo(UserIds.derive("user", "host"));
    assertThat(Files.readString(ids.file()).trim()).isEqualTo(id);
  }

  @Test
  void unwritableDirectoryGivesNull() throws IOException {
    Path notADir = tmp.resolve("config");
    Files.writeString(notADir, "a regular file where the directory should be");

    UserIds ids = new UserIds(notADir);

    assertThat(ids.loadOrCreate(true, "user", "host")).isNull();
    assertThat(ids.loadOrCreate(false, "user", "host")).isNull();
    assertThat(new UserIds(notADir.resolve("deeper")).loadOrCreate(true, "u", "h")).isNull();
    assertThat(ids.clear()).isFalse();
  }

  @Test
  void readOnlyDirectoryGivesNull() throws IOException {
    assumeThat(Files.getFileStore(tmp).supportsFileAttributeView("posix")).isTrue();
    Path dir = Files.createDirectory(tmp.resolve("ro"));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-x------"));
    try {
      assumeThat(Files.isWritable(dir)).as("not running as root").isFalse();

      assertThat(new UserIds(dir).loadOrCreate(true, "user", "host")).isNull();
    } finally {
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    }
  }

  @Test
  void withoutDirectoryNothingIsKept() {
    UserIds ids = new UserIds(null);

    assertThat(ids.file()).isNull();
    assertThat(ids.loadOrCreate(true, "user", "host")).isNull();
    assertThat(ids.clear()).isFalse();
  }

  @Test
  void clearDeletesTheFile() {
    UserIds ids = new UserIds(tmp);
    ids.loadOrCreate(true, "user", "host");

    assertThat(ids.clear()).isTrue();
    assertThat(ids.file()).doesNotExist();
    assertThat(ids.clear()).isFalse();
  }

  @Test
  void hostNamePrefersDottedEnvName() {
    assertThat(
            UserIds.hostName(
                Map.of("HOSTNAME", "box.example.org"), tmp, () -> "ignored.example.com"))
        .isEqualTo("box.example.org");
  }

  @Test
  void hostNameUsesCanonicalNameWhenShortNameHasNoDot() {
    assertThat(UserIds.hostName(Map.of("HOSTNAME", "box"), tmp, () -> "box.example.org"))
        .isEqualTo("box.example.org");
    assertThat(UserIds.hostName(Map.of("HOSTNAME", "box"), tmp, () -> "box")).isEqualTo("box");
  }

  @Test
  void hostNameIgnoresIpAddressesFromReverseLookup() {
    assertThat(UserIds.hostName(Map.of("HOSTNAME", "box"), tmp, () -> "192.168.1.5"))
        .isEqualTo("box");
    assertThat(UserIds.hostName(Collections.emptyMap(), tmp, () -> "fe80::1%eth0"))
        .isEqualTo("localhost");
  }

  @Test
  void hostNameReadsEtcHostnameUnderRoot() throws IOException {
    Files.createDirectories(tmp.resolve("etc"));
    Files.writeString(tmp.resolve("etc/hostname"), "filebox\n");

    assertThat(UserIds.hostName(Collections.emptyMap(), tmp, () -> null)).isEqualTo("filebox");
    assertThat(UserIds.hostName(Map.of("HOSTNAME", "envbox"), tmp, () -> null)).isEqualTo("envbox");
  }

  @Test
  void hostNameFallsBackToLocalhostAndNeverThrows() {
    assertThat(
            UserIds.hostName(
                null,
                null,
                () -> {
                  throw new IllegalStateException("no DNS");
                }))
        .isEqualTo("localhost");
    assertThat(UserIds.hostName(Collections.emptyMap(), tmp, () -> "solo")).isEqualTo("solo");
  }

  @Test
  void userNameReadsUserNameProperty() {
    assertThat(UserIds.userName(Map.of("user.name", "alice")::get)).isEqualTo("alice");
    assertThat(UserIds.userName(name -> null)).isEqualTo("unknown");
    assertThat(UserIds.userName(null)).isEqualTo("unknown");
  }
}
