package dev.upkeep.archive;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzz test of release records in rmellipse's YAML (docs/fuzzing.md).
 *
 * <p>Contract: {@link RecordYaml#read} returns a record or throws {@link IllegalArgumentException}
 * naming the source, nothing else (an in-memory stream never fails to read); a record's accessors
 * never throw; a record written by {@link RecordYaml#write} reads back equal.
 */
class RecordYamlFuzzTest {
  private static final String SOURCE = "fuzz.yml";

  @FuzzTest(maxDuration = "5m")
  @Timeout(10)
  void read(byte[] yaml) throws IOException {
    ReleaseRecord record;
    try {
      record = RecordYaml.read(new ByteArrayInputStream(yaml), Workspace.DEFAULT, SOURCE);
    } catch (IllegalArgumentException refused) {
      assertThat(refused.getMessage()).startsWith(SOURCE + ":");
      return;
    }
    record.files();
    record.directories();
    record.requirements();
    record.datasets();
    record.treeHash();
    record.signature();
    record.signer();
    record.yank();

    String written = RecordYaml.write(record);
    ReleaseRecord reread =
        RecordYaml.read(
            new ByteArrayInputStream(written.getBytes(StandardCharsets.UTF_8)),
            Workspace.DEFAULT,
            SOURCE);
    assertThat(reread).isEqualTo(record);
    assertThat(RecordYaml.write(reread)).isEqualTo(written);
  }
}
