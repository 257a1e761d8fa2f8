package dev.upkeep.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The CDCS archive's strict JSON: what it reads, what it refuses, and round trips of records. */
class JsonTest {
  @TempDir Path tmp;

  @Test
  void readsPlainJdkTypesInDocumentOrder() {
    Object v =
        Json.parse(
            " {\"b\": [1, -2.5, 1e3, true, false, null], \"a\": \"x\\u00e9\\n\\\"\\/\","
                + " \"big\": 123456789012345678901234567890, \"z\": {}} ");

    assertThat(v).isInstanceOf(LinkedHashMap.class);
    @SuppressWarnings("unchecked")
    Map<String, Object> m = (Map<String, Object>) v;
    assertThat(m.keySet()).containsExactly("b", "a", "big", "z");
    assertThat(m.get("b")).isEqualTo(java.util.Arrays.asList(1L, -2.5, 1000.0, true, false, null));
    assertThat(m.get("a")).isEqualTo("xé\n\"/");
    assertThat(m.get("big")).isEqualTo(new BigInteger("123456789012345678901234567890"));
    assertThat(m.get("z")).isEqualTo(Map.of());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "{",
        "{\"a\":1,}",
        "[1,]",
        "{'a':1}",
        "{\"a\":1} x",
        "01",
        "-",
        "1.",
        "1e",
        "NaN",
        "Infinity",
        "tru",
        "\"a\tb\"",
        "\"\\x\"",
        "\"\\u12\"",
        "\"open",
        "{\"a\":1,\"a\":2}",
        "// c\n1",
        "1e999"
      })
  void refusesWhatIsNotStrictJson(String text) {
    assertThatThrownBy(() -> Json.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not valid JSON")
        .hasMessageContaining("offset");
  }

  @Test
  void nestsAsDeepAsARecordMayAndNoDeeper() {
    String ok = "[".repeat(RecordYaml.MAX_DEPTH) + "]".repeat(RecordYaml.MAX_DEPTH);
    String deep = "[".repeat(RecordYaml.MAX_DEPTH + 1) + "]".repeat(RecordYaml.MAX_DEPTH + 1);

    assertThat(Json.parse(ok)).isInstanceOf(List.class);
    assertThatThrownBy(() -> Json.parse(deep)).hasMessageContaining("nested deeper");
  }

  @Test
  void writesCompactlyAndEscapesWhatJsonMust() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("s", "q\"b\\n\nt\tc\u0001 \u2028 é 😀");
    m.put("n", List.of(1, 2L, 2.5, new BigInteger("99999999999999999999")));
    m.put("o", null);
    m.put("lone", "a\uD800b");
    m.put("date", new Date(0));

    String json = Json.write(m);

    assertThat(json)
        .isEqualTo(
            "{\"s\":\"q\\\"b\\\\n\\nt\\tc\\u0001 \\u2028 é 😀\","
                + "\"n\":[1,2,2.5,99999999999999999999],\"o\":null,"
                + "\"lone\":\"a\\ud800b\",\"date\":\"1970-01-01T00:00:00Z\"}");
    assertThat(Json.parse(json)).isEqualTo(Json.parse(Json.write(Json.parse(json))));
    assertThatThrownBy(() -> Json.write(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Json.write(new Object())).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void aRecordSurvivesJsonAsItSurvivesYaml(long seed) throws Exception {
    Path tree = RandomTrees.write(tmp.resolve("t" + seed), seed);
    ReleaseId id =
        new ReleaseId(Workspace.DEFAULT, Title.of("json"), ReleaseVersion.of("1.0." + seed));
    ReleaseRecord.Builder b = ReleaseRecord.builder(id).requirement("other>=1.0.0");
    Selection selection = FileSelection.standard().select(tree);
    for (Selection.Entry e : selection.files()) {
      b.file(ReleaseFile.of(e.path(), BlobId.EMPTY, 0));
    }
    selection.directories().forEach(b::directory);
    ReleaseRecord record = b.build();

    ReleaseRecord back =
        ReleaseRecord.read(
            Workspace.DEFAULT, Json.parseObject(Json.write(record.document())), "json");

    assertThat(back).isEqualTo(record);
    assertThat(back.files()).isEqualTo(record.files());
  }
}
