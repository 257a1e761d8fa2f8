package dev.upkeep.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonParseTest {

  @Test
  void parsesObjectsAsLinkedHashMapsInDocumentOrder() {
    Object parsed = Json.parse("{\"b\":1,\"a\":\"x\",\"c\":[true,false,null]}");

    assertThat(parsed).isInstanceOf(LinkedHashMap.class);
    @SuppressWarnings("unchecked")
    Map<String, Object> map = (Map<String, Object>) parsed;
    assertThat(map.keySet()).containsExactly("b", "a", "c");
    assertThat(map.get("b")).isEqualTo(1L);
    assertThat(map.get("a")).isEqualTo("x");
    assertThat(map.get("c"))
        .isInstanceOf(ArrayList.class)
        .isEqualTo(Arrays.asList(true, false, null));
  }

  @Test
  void duplicateKeyLastValueWins() {
    @SuppressWarnings("unchecked")
    Map<String, Object> map = (Map<String, Object>) Json.parse("{\"b\":1,\"a\":2,\"b\":3}");

    assertThat(map.keySet()).containsExactly("b", "a");
    assertThat(map.get("b")).isEqualTo(3L);
  }

  @Test
  void parsesScalarsAtTopLevelWithSurroundingWhitespace() {
    assertThat(Json.parse(" \t\r\n\"hi\" \n")).isEqualTo("hi");
    assertThat(Json.parse("true")).isEqualTo(Boolean.TRUE);
    assertThat(Json.parse("false")).isEqualTo(Boolean.FALSE);
    assertThat(Json.parse(" null ")).isNull();
    assertThat(Json.parse("{ }")).isEqualTo(Map.of());
    assertThat(Json.parse("[ ]")).isEqualTo(List.of());
    assertThat(Json.parse("[[],{}]")).isEqualTo(List.of(List.of(), Map.of()));
  }

  @Test
  void acceptsAnyCharSequence() {
    assertThat(Json.parse(new StringBuilder("[1,2]"))).isEqualTo(List.of(1L, 2L));
  }

  @ParameterizedTest
  @CsvSource({
    "0, 0",
    "-0, 0",
    "7, 7",
    "-12, -12",
    "123456789012345678, 123456789012345678",
    "1234567890123456789, 1234567890123456789",
    "9223372036854775807, 9223372036854775807",
    "-9223372036854775808, -9223372036854775808"
  })
  void integralNumbersThatFitAreLongs(String text, long expected) {
    assertThat(Json.parse(text)).isInstanceOf(Long.class).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({
    "1.5, 1.5",
    "-2.5e-3, -0.0025",
    "1E2, 100.0",
    "1e+2, 100.0",
    "0.1, 0.1",
    "-0.0, -0.0",
    "1e-400, 0.0",
    "9223372036854775808, 9.223372036854775808E18",
    "-9223372036854775809, -9.223372036854775809E18",
    "12345678901234567890123, 1.2345678901234568E22"
  })
  void otherNumbersAreDoubles(String text, double expected) {
    assertThat(Json.parse(text)).isInstanceOf(Double.class).isEqualTo(expected);
  }

  @Test
  void decodesAllEscapes() {
    assertThat(Json.parse("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"")).isEqualTo("\"\\/\b\f\n\r\t");
    assertThat(Json.parse("\"a\\u00e9b\\u4E2D\"")).isEqualTo("a\u00e9b\u4e2d");
    assertThat(Json.parse("\"\\u0000\"")).isEqualTo("\0");
  }

  @Test
  void decodesSurrogatePairEscapesAndRawNonAscii() {
    String parsed = (String) Json.parse("\"\\ud83d\\ude00 caf\u00e9 \ud83d\ude01\"");

    assertThat(parsed.codePointAt(0)).isEqualTo(0x1F600);
    assertThat(parsed).isEqualTo("\ud83d\ude00 caf\u00e9 \ud83d\ude01");
    assertThat(parsed.codePointCount(0, parsed.length())).isEqualTo(8);
  }

  @Test
  void loneSurrogatesPassThrough() {
    assertThat(Json.parse("\"\\ud800x\"")).isEqualTo("\ud800x");
    assertThat(Json.parse("\"x\\udc00\"")).isEqualTo("x\udc00");
    assertThat(Json.parse("\"\ud800\"")).isEqualTo("\ud800");
  }

  @Test
  void acceptsNestingUpToTheDepthLimit() {
    String text = "[".repeat(64) + "]".repeat(64);

    Object parsed = Json.parse(text);

    int depth = 0;
    while (parsed instanceof List && !((List<?>) parsed).isEmpty()) {
      parsed = ((List<?>) parsed).get(0);
      depth++;
    }
    assertThat(depth).isEqualTo(63);
    assertThat(Json.MAX_DEPTH).isEqualTo(64);
  }

  @Test
  void rejectsNestingBeyondTheDepthLimit() {
    assertError("[".repeat(65) + "]".repeat(65), 64, 1, 65, "nesting deeper than 64 levels");
    assertError(
        "{\"a\":".repeat(65) + "1" + "}".repeat(65), 320, 1, 321, "nesting deeper than 64 levels");
  }

  @Test
  void reportsTheDocumentedExample() {
    JsonException e = parseError("{\"project\":\"a/b\"x}");

    assertThat(e)
        .hasMessage(
            "invalid JSON at line 1, column 17 (offset 16): expected ',' or '}' but found 'x'");
    assertThat(e.offset()).isEqualTo(16);
    assertThat(e.line()).isEqualTo(1);
    assertThat(e.column()).isEqualTo(17);
    assertThat(e.problem()).isEqualTo("expected ',' or '}' but found 'x'");
    assertThat(e).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void countsLinesAndColumns() {
    assertError("{\n  \"a\": 1,\n  \"b\" 2\n}", 18, 3, 7, "expected ':' but found '2'");
  }

  @Test
  void rejectsTrailingCommas() {
    assertError("{\"a\":1,}", 7, 1, 8, "trailing comma before '}'");
    assertError("[1,2,]", 5, 1, 6, "trailing comma before ']'");
    assertError("[1, ]", 4, 1, 5, "trailing comma before ']'");
  }

  @Test
  void rejectsComments() {
    assertError("[1 // one\n]", 3, 1, 4, "comments are not allowed");
    assertError("/* x */ 1", 0, 1, 1, "comments are not allowed");
    assertError("{\"a\":/**/1}", 5, 1, 6, "comments are not allowed");
  }

  @Test
  void rejectsLeadingZeros() {
    assertError("01", 0, 1, 1, "leading zeros are not allowed");
    assertError("-01", 1, 1, 2, "leading zeros are not allowed");
    assertError("[00]", 1, 1, 2, "leading zeros are not allowed");
  }

  @Test
  void rejectsMalformedNumbers() {
    assertError("-", 1, 1, 2, "expected a digit but found end of input");
    assertError("-a", 1, 1, 2, "expected a digit but found 'a'");
    assertError("1.", 2, 1, 3, "expected a digit after '.' but found end of input");
    assertError("1.e5", 2, 1, 3, "expected a digit after '.' but found 'e'");
    assertError("1e", 2, 1, 3, "expected a digit in the exponent but found end of input");
    assertError("1e+", 3, 1, 4, "expected a digit in the exponent but found end of input");
    assertError(".5", 0, 1, 1, "expected a value but found '.'");
    assertError("+1", 0, 1, 1, "expected a value but found '+'");
    assertError("NaN", 0, 1, 1, "expected a value but found 'N'");
    assertError("[-Infinity]", 2, 1, 3, "expected a digit but found 'I'");
  }

  @Test
  void rejectsNumbersBeyondDoubleRange() {
    assertError("1e400", 0, 1, 1, "number out of range: 1e400");
    assertError("[-1.5E999]", 1, 1, 2, "number out of range: -1.5E999");
  }

  @Test
  void rejectsUnescapedControlCharacters() {
    assertError("\"a" + (char) 1 + "b\"", 2, 1, 3, "unescaped control character U+0001 in string");
    assertError("\"a\nb\"", 2, 1, 3, "unescaped control character U+000A in string");
    assertError("\"\\n\tb\"", 3, 1, 4, "unescaped control character U+0009 in string");
  }

  @Test
  void rejectsBadStrings() {
    assertError("\"abc", 4, 1, 5, "unterminated string");
    assertError("\"ab\\", 4, 1, 5, "unterminated string");
    assertError("[\"a\\n", 5, 1, 6, "unterminated string");
    assertError("\"\\x\"", 1, 1, 2, "invalid escape sequence '\\x'");
    assertError("\"\\u12G4\"", 5, 1, 6, "expected a hex digit but found 'G'");
    assertError("\"\\u12\"", 5, 1, 6, "expected a hex digit but found '\"'");
    assertError("\"\\u1", 4, 1, 5, "expected a hex digit but found end of input");
    assertError("{'a':1}", 1, 1, 2, "expected '\"' or '}' but found \"'\"");
  }

  @Test
  void rejectsBadLiterals() {
    assertError("tru", 3, 1, 4, "expected 'true' but found end of input");
    assertError("nul1", 3, 1, 4, "expected 'null' but found '1'");
    assertError("[fals]", 5, 1, 6, "expected 'false' but found ']'");
    assertError("True", 0, 1, 1, "expected a value but found 'T'");
  }

  @Test
  void rejectsStructuralErrors() {
    assertError("", 0, 1, 1, "expected a value but found end of input");
    assertError("   ", 3, 1, 4, "expected a value but found end of input");
    assertError("[1,2", 4, 1, 5, "expected ',' or ']' but found end of input");
    assertError("[1 2]", 3, 1, 4, "expected ',' or ']' but found '2'");
    assertError("{\"a\"", 4, 1, 5, "expected ':' but found end of input");
    assertError("{\"a\":}", 5, 1, 6, "expected a value but found '}'");
    assertError("{1:2}", 1, 1, 2, "expected '\"' or '}' but found '1'");
    assertError("{\"a\":1,2}", 7, 1, 8, "expected '\"' but found '2'");
    assertError("{\"a\":1", 6, 1, 7, "expected ',' or '}' but found end of input");
    assertError("]", 0, 1, 1, "expected a value but found ']'");
  }

  @Test
  void rejectsTrailingGarbage() {
    assertError("{\"a\":1} x", 8, 1, 9, "expected end of input but found 'x'");
    assertError("1 2", 2, 1, 3, "expected end of input but found '2'");
    assertError("[]]", 2, 1, 3, "expected end of input but found ']'");
    assertError("1x", 1, 1, 2, "expected end of input but found 'x'");
  }

  @Test
  void describesInvisibleAndAstralCharacters() {
    assertError("[" + (char) 1 + "]", 1, 1, 2, "expected a value but found U+0001");
    assertError("\ufeff1", 0, 1, 1, "expected a value but found U+FEFF");
    assertError("[\ud83d\ude00]", 1, 1, 2, "expected a value but found '\ud83d\ude00'");
  }

  @Test
  void nullTextIsRejected() {
    assertThatThrownBy(() -> Json.parse(null)).isInstanceOf(NullPointerException.class);
  }

  private static void assertError(String text, int offset, int line, int column, String problem) {
    JsonException e = parseError(text);
    assertThat(e.problem()).as("problem for %s", text).isEqualTo(problem);
    assertThat(e.offset()).as("offset for %s", text).isEqualTo(offset);
    assertThat(e.line()).as("line for %s", text).isEqualTo(line);
    assertThat(e.column()).as("column for %s", text).isEqualTo(column);
    assertThat(e)
        .hasMessage(
            "invalid JSON at line %d, column %d (offset %d): %s", line, column, offset, problem);
  }

  static JsonException parseError(String text) {
    try {
      Json.parse(text);
    } catch (JsonException e) {
      return e;
    }
    throw new AssertionError("expected a JsonException for " + text);
  }
}
