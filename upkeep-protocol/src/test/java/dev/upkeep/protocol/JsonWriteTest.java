package dev.upkeep.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class JsonWriteTest {

  @Test
  void writesScalars() {
    assertThat(Json.write(null)).isEqualTo("null");
    assertThat(Json.write(true)).isEqualTo("true");
    assertThat(Json.write(false)).isEqualTo("false");
    assertThat(Json.write("hi")).isEqualTo("\"hi\"");
    assertThat(Json.write(new StringBuilder("sb"))).isEqualTo("\"sb\"");
    assertThat(Json.write('c')).isEqualTo("\"c\"");
  }

  @Test
  void writesNumbers() {
    assertThat(Json.write(42L)).isEqualTo("42");
    assertThat(Json.write(-7)).isEqualTo("-7");
    assertThat(Json.write((short) 3)).isEqualTo("3");
    assertThat(Json.write((byte) -1)).isEqualTo("-1");
    assertThat(Json.write(Long.MIN_VALUE)).isEqualTo("-9223372036854775808");
    assertThat(Json.write(new AtomicLong(5))).isEqualTo("5");
    assertThat(Json.write(2.5)).isEqualTo("2.5");
    assertThat(Json.write(1.0)).isEqualTo("1.0");
    assertThat(Json.write(1e20)).isEqualTo("1.0E20");
    assertThat(Json.write(-1.5e-7)).isEqualTo("-1.5E-7");
    assertThat(Json.write(0.1f)).isEqualTo("0.1");
    assertThat(Json.write(new BigDecimal("1.50"))).isEqualTo("1.50");
    assertThat(Json.write(new BigInteger("123456789012345678901234567890")))
        .isEqualTo("123456789012345678901234567890");
  }

  @Test
  void writtenDoublesParseBackToTheSameValue() {
    for (double d : new double[] {1e20, -1.5e-7, 0.1, 123456.789, Double.MAX_VALUE, 5e-324}) {
      assertThat(Json.parse(Json.write(d))).isEqualTo(d);
    }
  }

  @Test
  void rejectsNonFiniteNumbers() {
    assertThatThrownBy(() -> Json.write(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cannot write NaN as JSON");
    assertThatThrownBy(() -> Json.write(List.of(1, Double.POSITIVE_INFINITY)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cannot write Infinity as JSON");
    assertThatThrownBy(() -> Json.write(Float.NEGATIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cannot write -Infinity as JSON");
  }

  @Test
  void writesContainersWithoutSpaces() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("b", List.of(1, 2.5, true, "x"));
    map.put("a", Arrays.asList(null, Map.of()));
    map.put("c", new Object[] {"o", 1L});
    map.put("d", new int[] {1, 2});

    assertThat(Json.write(map))
        .isEqualTo("{\"b\":[1,2.5,true,\"x\"],\"a\":[null,{}],\"c\":[\"o\",1],\"d\":[1,2]}");
  }

  @Test
  void writesAnyIterable() {
    Set<String> set = new TreeSet<>(List.of("b", "a"));

    assertThat(Json.write(set)).isEqualTo("[\"a\",\"b\"]");
    assertThat(Json.write(List.of())).isEqualTo("[]");
  }

  @Test
  void writesMapKeysWithStringValueOf() {
    Map<Object, Object> map = new LinkedHashMap<>();
    map.put(1, "one");
    map.put(null, "none");
    map.put(true, "yes");

    assertThat(Json.write(map)).isEqualTo("{\"1\":\"one\",\"null\":\"none\",\"true\":\"yes\"}");
  }

  @Test
  void writesInstantsAsIsoStrings() {
    assertThat(Json.write(Instant.parse("2026-11-21T10:00:00Z")))
        .isEqualTo("\"2026-11-21T10:00:00Z\"");
    assertThat(Json.write(Instant.parse("2026-11-21T10:00:00.250Z")))
        .isEqualTo("\"2026-11-21T10:00:00.250Z\"");
  }

  @Test
  void delegatesToJsonWritable() {
    JsonWritable custom = out -> out.append("{\"x\":1}");

    assertThat(Json.write(List.of(custom, custom))).isEqualTo("[{\"x\":1},{\"x\":1}]");
  }

  @Test
  void escapesQuotesBackslashesAndControlCharacters() {
    String text = "\"\\\n\r\t\b\f" + (char) 0 + (char) 0x1f + "\u2028\u2029/\u007f";

    assertThat(Json.write(text))
        .isEqualTo("\"\\\"\\\\\\n\\r\\t\\b\\f\\u0000\\u001f\\u2028\\u2029/\u007f\"");
  }

  @Test
  void writesNonAsciiDirectly() {
    String text = "caf\u00e9 \u4e2d \ud83d\ude00 \ud800";

    assertThat(Json.write(text)).isEqualTo("\"" + text + "\"");
  }

  @Test
  void appendsToAnExistingBuilder() {
    StringBuilder out = new StringBuilder("x=");

    Json.write(Map.of("k", "v"), out);

    assertThat(out.toString()).isEqualTo("x={\"k\":\"v\"}");
  }

  @Test
  void rejectsUnsupportedTypes() {
    assertThatThrownBy(() -> Json.write(Map.of("k", new Object())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cannot write a java.lang.Object as JSON");
  }

  @Test
  void rejectsCyclicValues() {
    List<Object> list = new ArrayList<>();
    list.add(list);

    assertThatThrownBy(() -> Json.write(list))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cannot write JSON nested deeper than 64 levels (cyclic?)");
  }

  @Test
  void roundTripsParsedValues() {
    String text =
        "{\"s\":\"a\\\"b\\\\c\\n\\u0001\",\"n\":[0,-1,9223372036854775807,2.5,-1.0E-7],"
            + "\"o\":{\"t\":true,\"f\":false,\"z\":null},\"u\":\"\u00e9\ud83d\ude00\",\"e\":[]}";

    Object parsed = Json.parse(text);

    assertThat(Json.write(parsed)).isEqualTo(text);
    assertThat(Json.parse(Json.write(parsed))).isEqualTo(parsed);
  }

  @Test
  void roundTripsJavaValues() {
    Map<String, Object> value = new HashMap<>();
    value.put("list", List.of(1L, "two", List.of(3.5)));
    value.put("nested", Map.of("k", Map.of("deeper", false)));

    assertThat(Json.parse(Json.write(value))).isEqualTo(value);
  }
}
