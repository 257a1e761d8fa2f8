package dev.upkeep.server.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Rows in PostgreSQL's COPY text format as {@code COPY ... TO STDOUT} prints them (its {@code
 * CopyAttributeOutText}); StoreMigrateIT checks the same against the real server's output.
 */
class CopyTextTest {
  @Test
  void escapesWhatCopyToEscapesAndNothingElse() {
    CopyText t = new CopyText();
    t.value(utf8("42"));
    t.value(utf8("a\\b\tc\nd\re\bf\fg\u000bh\u0007i é 🎉 \\N"));
    t.nul();
    t.hex(new byte[] {0, 15, -1, 16});
    t.hex(new byte[0]);
    t.endRow();
    t.value(utf8(""));
    t.endRow();

    assertThat(t.toString())
        .isEqualTo(
            "42\ta\\\\b\\tc\\nd\\re\\bf\\fg\\vh\u0007i é 🎉 \\\\N\t\\N\t\\\\x000fff10\t\\\\x\n"
                + "\n");
  }

  @Test
  void growsAndClears() {
    CopyText t = new CopyText();
    byte[] big = new byte[100_000];
    java.util.Arrays.fill(big, (byte) 'x');
    t.value(big);
    t.value(big);
    assertThat(t.size()).isEqualTo(200_001);
    t.clear();
    t.value(utf8("y"));
    assertThat(t.toString()).isEqualTo("y");
  }

  @Test
  void rowHashesDependOnEveryByteAndNotOnWhereTheRowSits() {
    byte[] row = utf8("1\tnipreps/fmriprep\t\\N");
    byte[] shifted = utf8("xx1\tnipreps/fmriprep\t\\N");
    long h = RowHash.of(row, 0, row.length);
    assertThat(RowHash.of(shifted, 2, shifted.length)).isEqualTo(h);
    byte[] changed = row.clone();
    changed[3] ^= 1;
    assertThat(RowHash.of(changed, 0, changed.length)).isNotEqualTo(h);
    assertThat(RowHash.of(row, 0, row.length - 1)).isNotEqualTo(h);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
