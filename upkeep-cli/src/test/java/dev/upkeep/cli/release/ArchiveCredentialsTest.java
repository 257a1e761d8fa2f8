package dev.upkeep.cli.release;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upkeep.client.SecretStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where upkeep login keeps secrets: the keyring under rme+HOST when there is one, else a 0600 file.
 * The keyring here is an in-memory stand-in, because a CI machine has no Secret Service.
 */
class ArchiveCredentialsTest {
  @TempDir Path dir;

  /** A keyring of one service, in memory. */
  static final class MemoryKeyring implements SecretStore {
    final Map<String, String> entries = new HashMap<>();
    final boolean usable;

    MemoryKeyring(boolean usable) {
      this.usable = usable;
    }

    @Override
    public boolean usable() {
      return usable;
    }

    @Override
    public String load(String key) {
      return entries.get(key);
    }

    @Override
    public boolean save(String key, String secret) {
      entries.put(key, secret);
      return true;
    }

    @Override
    public void delete(String key) {
      entries.remove(key);
    }
  }

  @Test
  void withoutAKeyringSecretsGoToAFileOnlyItsOwnerReads() throws Exception {
    Path file = dir.resolve("upkeep/archive-credentials");
    ArchiveCredentials credentials = new ArchiveCredentials(s -> new MemoryKeyring(false), file);

    String where = credentials.save("cdcs.example", "alice", "pa ss=word");
    credentials.save("collector.example", ArchiveCredentials.TOKEN_ACCOUNT, "upk_1");

    assertThat(where).startsWith(file.toString());
    assertThat(Files.getPosixFilePermissions(file))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(credentials.find("cdcs.example", "alice")).contains("pa ss=word");
    assertThat(credentials.find("cdcs.example", "bob")).isEmpty();
    assertThat(credentials.find("collector.example", "__token__")).contains("upk_1");
    assertThat(credentials.delete("cdcs.example", "alice")).isTrue();
    assertThat(credentials.find("cdcs.example", "alice")).isEmpty();
    assertThat(credentials.delete("cdcs.example", "alice")).isFalse();
    assertThat(Files.list(file.getParent())).containsExactly(file);
  }

  @Test
  void aKeyringKeepsThemUnderRmePlusTheHostAsRmellipseDoes() throws Exception {
    Map<String, MemoryKeyring> services = new HashMap<>();
    ArchiveCredentials credentials =
        new ArchiveCredentials(
            s -> services.computeIfAbsent(s, x -> new MemoryKeyring(true)),
            dir.resolve("archive-credentials"));

    assertThat(credentials.save("cdcs.example", "alice", "secret"))
        .isEqualTo("the keyring (service rme+cdcs.example, account alice)");

    assertThat(services.get("rme+cdcs.example").entries).containsEntry("alice", "secret");
    assertThat(credentials.find("cdcs.example", "alice")).contains("secret");
    assertThat(dir.resolve("archive-credentials")).doesNotExist();
  }
}
