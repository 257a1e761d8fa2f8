package dev.upkeep.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WireEventFromJsonTest {

  private static final String MINIMAL = "\"project\":\"octo/widget\",\"version\":\"1.4.2\"";

  @Test
  void readsEveryField() {
    WireEvent e =
        decode(
            "{\"id\":\"e-1\",\"kind\":\"crash\",\"project\":\"octo/widget\",\"version\":\"2.0\","
                + "\"timestamp\":\"2026-11-21T10:00:00Z\",\"language\":\"java\","
                + "\"language_version\":\"21\",\"user_id\":\"u\",\"session_id\":\"s\","
                + "\"user_type\":\"ci\",\"platform\":\"linux\",\"container\":\"k8s\","
                + "\"is_ci\":true,\"status\":\"S\",\"status_desc\":\"skipped\","
                + "\"error_type\":\"E\",\"error_desc\":\"boom\",\"attributes\":[[\"a\",\"1\"]]}");

    assertThat(e.id()).isEqualTo("e-1");
    assertThat(e.kind()).isEqualTo("crash");
    assertThat(e.project()).isEqualTo("octo/widget");
    assertThat(e.version()).isEqualTo("2.0");
    assertThat(e.timestamp()).isEqualTo(Instant.parse("2026-11-21T10:00:00Z"));
    assertThat(e.language()).isEqualTo("java");
    assertThat(e.languageVersion()).isEqualTo("21");
    assertThat(e.userId()).isEqualTo("u");
    assertThat(e.sessionId()).isEqualTo("s");
    assertThat(e.userType()).isEqualTo("ci");
    assertThat(e.platform()).isEqualTo("linux");
    assertThat(e.container()).isEqualTo("k8s");
    assertThat(e.isCi()).isTrue();
    assertThat(e.status()).isEqualTo("S");
    assertThat(e.statusDesc()).isEqualTo("skipped");
    assertThat(e.errorType()).isEqualTo("E");
    assertThat(e.errorDesc()).isEqualTo("boom");
    assertThat(e.attributes()).containsExactly(Map.entry("a", "1"));
  }

  @Test
  void ignoresUnknownFieldsAndTreatsNullAsAbsent() {
    WireEvent e =
        decode(
            "{"
                + MINIMAL
                + ",\"extra\":{\"deep\":[1]},\"id\":null,\"kind\":null,\"is_ci\":null,"
                + "\"status\":null,\"attributes\":null,\"timestamp\":null,\"error_desc\":null}");

    assertThat(e).isEqualTo(WireEventTest.minimal().build());
  }

  @Test
  void coercesScalarDescriptions() {
    WireEvent e =
        decode("{" + MINIMAL + ",\"status_desc\":12,\"error_type\":1.5,\"error_desc\":false}");

    assertThat(e.statusDesc()).isEqualTo("12");
    assertThat(e.errorType()).isEqualTo("1.5");
    assertThat(e.errorDesc()).isEqualTo("false");
  }

  @Test
  void readsObjectFormAttributesInOrderWithCoercedValues() {
    WireEvent e =
        decode("{" + MINIMAL + ",\"attributes\":{\"b\":\"x\",\"a\":2,\"c\":true,\"d\":-0.5}}");

    assertThat(e.attributes())
        .containsExactly(
            Map.entry("b", "x"),
            Map.entry("a", "2"),
            Map.entry("c", "true"),
            Map.entry("d", "-0.5"));
    assertThat(e.toString())
        .endsWith(
            "\"attributes\":[[\"b\",\"x\"],[\"a\",\"2\"],[\"c\",\"true\"],[\"d\",\"-0.5\"]]}");
  }

  @Test
  void keepsDuplicateAttributesInOrder() {
    WireEvent e =
        decode(
            "{"
                + MINIMAL
                + ",\"attributes\":[[\"k\",\"a\"],[\"j\",\"b\"],[\"k\",\"c\"],[\"k\",1]]}");

    assertThat(e.attributes())
        .containsExactly(
            Map.entry("k", "a"), Map.entry("j", "b"), Map.entry("k", "c"), Map.entry("k", "1"));
  }

  @ParameterizedTest
  @CsvSource({
    "2026-11-21T10:00:00Z, 2026-11-21T10:00:00Z",
    "2026-11-21T10:00:00.5Z, 2026-11-21T10:00:00.500Z",
    "2026-11-21T11:00:00+01:00, 2026-11-21T10:00:00Z",
    "2026-11-21T10:00:00.123456789-05:30, 2026-11-21T15:30:00.123456789Z",
    "2026-11-21T10:00Z, 2026-11-21T10:00:00Z",
    "2026-11-21t10:00:00z, 2026-11-21T10:00:00Z",
    "2026-11-21T10:00:00+05:30:15, 2026-11-21T04:29:45Z",
    // the JDK fallbacks accept these; kept as documented leniency
    "2026-11-21T24:00:00Z, 2026-11-22T00:00:00Z",
    "2026-11-21T23:59:60Z, 2026-11-21T23:59:59Z",
    "2026-11-21T10:00:00.Z, 2026-11-21T10:00:00Z"
  })
  void readsIsoTimestamps(String text, String expected) {
    WireEvent e = decode("{" + MINIMAL + ",\"timestamp\":\"" + text + "\"}");

    assertThat(e.timestamp()).isEqualTo(Instant.parse(expected));
  }

  @ParameterizedTest
  @CsvSource({
    "yesterday",
    "2026-02-30T10:00:00Z",
    "2026-11-21 10:00:00Z",
    "2026-11-21T10:00:00",
    "2026-11-21T10:00:00.1234567890Z",
    "2026-11-21T10:00:00+19:00",
    "2026-11-21"
  })
  void rejectsOtherTimestamps(String text) {
    assertProblems(
        "{" + MINIMAL + ",\"timestamp\":\"" + text + "\"}",
        "events[3].timestamp: must be an ISO-8601 timestamp such as \"2026-11-21T10:00:00Z\", was \""
            + text
            + "\"");
  }

  @Test
  void nonObjectEvents() {
    assertProblems("[]", "events[3]: must be an object, was an array");
    assertProblems("\"x\"", "events[3]: must be an object, was \"x\"");
    assertProblems("5", "events[3]: must be an object, was 5");
    assertProblems("null", "events[3]: must be an object, was null");
  }

  @Test
  void requiredFields() {
    assertProblems("{}", "events[3].project: required", "events[3].version: required");
    assertProblems(
        "{\"project\":null,\"version\":null}",
        "events[3].project: required",
        "events[3].version: required");
  }

  @Test
  void wrongTypes() {
    assertProblems(
        "{\"id\":1,\"kind\":{},\"project\":12,\"version\":true,\"timestamp\":1700000000,"
            + "\"language\":[],\"language_version\":1.5,\"user_id\":2,\"session_id\":false,"
            + "\"user_type\":0,\"platform\":[1],\"container\":{\"a\":1},\"is_ci\":\"yes\","
            + "\"status\":1,\"status_desc\":[],\"error_type\":{},\"error_desc\":[\"x\"]}",
        "events[3].id: must be a string, was 1",
        "events[3].kind: must be a string, was an object",
        "events[3].project: must be a string, was 12",
        "events[3].version: must be a string, was true",
        "events[3].timestamp: must be a string, was 1700000000",
        "events[3].language: must be a string, was an array",
        "events[3].language_version: must be a string, was 1.5",
        "events[3].user_id: must be a string, was 2",
        "events[3].session_id: must be a string, was false",
        "events[3].user_type: must be a string, was 0",
        "events[3].platform: must be a string, was an array",
        "events[3].container: must be a string, was an object",
        "events[3].is_ci: must be a boolean, was \"yes\"",
        "events[3].status: must be a string, was 1",
        "events[3].status_desc: must be a string, number or boolean, was an array",
        "events[3].error_type: must be a string, number or boolean, was an object",
        "events[3].error_desc: must be a string, number or boolean, was an array");
  }

  @Test
  void valueRules() {
    assertProblems(
        "{\"id\":\"a b\",\"kind\":\"Crash\",\"project\":\"foo\",\"version\":\"\","
            + "\"language\":\""
            + "x".repeat(101)
            + "\",\"user_id\":\""
            + "x".repeat(65)
            + "\",\"user_type\":\"admin\",\"container\":\""
            + "x".repeat(101)
            + "\",\"status\":\"X\",\"error_desc\":\""
            + "x".repeat(8193)
            + "\"}",
        "events[3].id: must be 1 to 64 characters of [A-Za-z0-9._:-], was \"a b\"",
        "events[3].kind: must match [a-z][a-z0-9_]{0,31}, was \"Crash\"",
        "events[3].project: must be \"owner/name\", was \"foo\"",
        "events[3].version: must not be empty",
        "events[3].language: must be at most 100 characters, was 101",
        "events[3].user_id: must be at most 64 characters, was 65",
        "events[3].user_type: must be one of general, dev, ci, was \"admin\"",
        "events[3].container: must be at most 100 characters, was 101",
        "events[3].status: must be one of R, C, F, S, was \"X\"",
        "events[3].error_desc: must be at most 8192 characters, was 8193");
  }

  @Test
  void coercedDescriptionsAreStillLengthChecked() {
    assertProblems(
        "{" + MINIMAL + ",\"status_desc\":\"" + "x".repeat(8193) + "\"}",
        "events[3].status_desc: must be at most 8192 characters, was 8193");
  }

  @Test
  void attributeShapeRules() {
    assertProblems(
        "{" + MINIMAL + ",\"attributes\":\"x\"}",
        "events[3].attributes: must be an array of [\"key\", \"value\"] pairs or an object,"
            + " was \"x\"");
    assertProblems(
        "{" + MINIMAL + ",\"attributes\":[[\"a\"],\"b\",[\"c\",\"d\",\"e\"],[\"f\",\"g\"]]}",
        "events[3].attributes[0]: must be a [\"key\", \"value\"] pair, was [\"a\"]",
        "events[3].attributes[1]: must be a [\"key\", \"value\"] pair, was \"b\"",
        "events[3].attributes[2]: must be a [\"key\", \"value\"] pair, was [\"c\",\"d\",\"e\"]");
    assertProblems(
        "{" + MINIMAL + ",\"attributes\":[[1,\"v\"],[\"k\",{}],[\"k\",null],[\"\",\"v\"]]}",
        "events[3].attributes[0]: key must be a string, was 1",
        "events[3].attributes[1]: value must be a string, number or boolean, was an object",
        "events[3].attributes[2]: value must be a string, number or boolean, was null",
        "events[3].attributes[3]: key must not be empty");
  }

  @Test
  void attributeLengthRules() {
    assertProblems(
        "{"
            + MINIMAL
            + ",\"attributes\":[[\""
            + "k".repeat(201)
            + "\",\"v\"],[\"k\",\""
            + "v".repeat(8193)
            + "\"]]}",
        "events[3].attributes[0]: key must be at most 200 characters, was 201",
        "events[3].attributes[1]: value must be at most 8192 characters, was 8193");
  }

  @Test
  void objectFormAttributeRules() {
    assertProblems(
        "{" + MINIMAL + ",\"attributes\":{\"\":\"v\",\"k\":null,\"n\":[1]}}",
        "events[3].attributes[\"\"]: key must not be empty",
        "events[3].attributes[\"k\"]: value must be a string, number or boolean, was null",
        "events[3].attributes[\"n\"]: value must be a string, number or boolean, was [1]");
  }

  @Test
  void attributeCountRule() {
    StringBuilder pairs = new StringBuilder();
    StringBuilder object = new StringBuilder();
    for (int i = 0; i < 257; i++) {
      pairs.append(i == 0 ? "" : ",").append("[\"k\",\"v\"]");
      object.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"v\"");
    }

    assertProblems(
        "{" + MINIMAL + ",\"attributes\":[" + pairs + "]}",
        "events[3].attributes: must have at most 256 pairs, was 257");
    assertProblems(
        "{" + MINIMAL + ",\"attributes\":{" + object + "}}",
        "events[3].attributes: must have at most 256 pairs, was 257");
  }

  @Test
  void reportsEveryProblemTogetherInFieldOrder() {
    WireFormatException e =
        fromJsonError("{\"is_ci\":\"yes\",\"status\":\"X\",\"project\":\"foo\"}", "events[3]");

    assertThat(e.problems())
        .containsExactly(
            "events[3].project: must be \"owner/name\", was \"foo\"",
            "events[3].version: required",
            "events[3].is_ci: must be a boolean, was \"yes\"",
            "events[3].status: must be one of R, C, F, S, was \"X\"");
    assertThat(e)
        .hasMessage(
            "events[3].project: must be \"owner/name\", was \"foo\"; events[3].version: required;"
                + " events[3].is_ci: must be a boolean, was \"yes\";"
                + " events[3].status: must be one of R, C, F, S, was \"X\"");
  }

  @Test
  void emptyPathGivesBareFieldNames() {
    assertThat(fromJsonError("{\"version\":\"1\"}", "").problems())
        .containsExactly("project: required");
    assertThat(fromJsonError("[]", "").problems())
        .containsExactly("event: must be an object, was an array");
  }

  @Test
  void nullPathIsRejected() {
    assertThatThrownBy(() -> WireEvent.fromJson(Json.parse("{}"), null))
        .isInstanceOf(NullPointerException.class);
  }

  private static WireEvent decode(String json) {
    return WireEvent.fromJson(Json.parse(json), "events[3]");
  }

  private static void assertProblems(String json, String... problems) {
    assertThat(fromJsonError(json, "events[3]").problems()).containsExactly(problems);
  }

  private static WireFormatException fromJsonError(String json, String path) {
    Object parsed = Json.parse(json);
    try {
      WireEvent.fromJson(parsed, path);
    } catch (WireFormatException e) {
      return e;
    }
    throw new AssertionError("expected a WireFormatException for " + json);
  }
}
