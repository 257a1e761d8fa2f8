package dev.upkeep.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WireEventTest {

  static WireEvent.Builder minimal() {
    return WireEvent.builder().project("octo/widget").version("1.4.2");
  }

  static WireEvent full() {
    return WireEvent.builder()
        .id("evt-01:a.b_c")
        .kind("command")
        .project("octo/widget")
        .version("1.4.2")
        .timestamp(Instant.parse("2026-11-21T10:00:00.250Z"))
        .language("python")
        .languageVersion("3.12.1")
        .userId("u-1")
        .sessionId("s-1")
        .userType("dev")
        .platform("linux")
        .container("docker")
        .isCi(true)
        .status("F")
        .statusDesc("exit 2")
        .errorType("ValueError")
        .errorDesc("bad \"value\"\n")
        .attribute("cmd", "build")
        .attribute("flag", "--fast")
        .attribute("cmd", "test")
        .build();
  }

  @Test
  void minimalEventHasDefaults() {
    WireEvent e = minimal().build();

    assertThat(e.project()).isEqualTo("octo/widget");
    assertThat(e.version()).isEqualTo("1.4.2");
    assertThat(e.id()).isNull();
    assertThat(e.kind()).isEqualTo("breadcrumb");
    assertThat(e.timestamp()).isNull();
    assertThat(e.language()).isNull();
    assertThat(e.languageVersion()).isNull();
    assertThat(e.userId()).isNull();
    assertThat(e.sessionId()).isNull();
    assertThat(e.userType()).isEqualTo("general");
    assertThat(e.platform()).isEqualTo("unknown");
    assertThat(e.container()).isEqualTo("unknown");
    assertThat(e.isCi()).isFalse();
    assertThat(e.status()).isEqualTo("R");
    assertThat(e.statusDesc()).isNull();
    assertThat(e.errorType()).isNull();
    assertThat(e.errorDesc()).isNull();
    assertThat(e.attributes()).isEmpty();
  }

  @Test
  void minimalEventWritesOnlyRequiredFields() {
    assertThat(minimal().build().toString())
        .isEqualTo("{\"project\":\"octo/widget\",\"version\":\"1.4.2\"}");
  }

  @Test
  void fullEventWritesEveryFieldInOrder() {
    assertThat(full().toString())
        .isEqualTo(
            "{\"id\":\"evt-01:a.b_c\",\"kind\":\"command\",\"project\":\"octo/widget\","
                + "\"version\":\"1.4.2\",\"timestamp\":\"2026-11-21T10:00:00.250Z\","
                + "\"language\":\"python\",\"language_version\":\"3.12.1\",\"user_id\":\"u-1\","
                + "\"session_id\":\"s-1\",\"user_type\":\"dev\",\"platform\":\"linux\","
                + "\"container\":\"docker\",\"is_ci\":true,\"status\":\"F\","
                + "\"status_desc\":\"exit 2\",\"error_type\":\"ValueError\","
                + "\"error_desc\":\"bad \\\"value\\\"\\n\","
                + "\"attributes\":[[\"cmd\",\"build\"],[\"flag\",\"--fast\"],[\"cmd\",\"test\"]]}");
  }

  @Test
  void explicitDefaultsAreNotWritten() {
    WireEvent e =
        minimal()
            .kind("breadcrumb")
            .userType("general")
            .platform("unknown")
            .container("unknown")
            .status("R")
            .isCi(false)
            .build();

    assertThat(e.toString()).isEqualTo("{\"project\":\"octo/widget\",\"version\":\"1.4.2\"}");
    assertThat(e).isEqualTo(minimal().build());
  }

  @Test
  void writeJsonAppendsToTheBuffer() {
    StringBuilder out = new StringBuilder("[");

    minimal().build().writeJson(out);

    assertThat(out.toString()).isEqualTo("[{\"project\":\"octo/widget\",\"version\":\"1.4.2\"}");
    assertThat(Json.write(List.of(minimal().build())))
        .isEqualTo("[{\"project\":\"octo/widget\",\"version\":\"1.4.2\"}]");
  }

  @Test
  void roundTripsThroughJson() {
    WireEvent original = full();

    WireEvent decoded = WireEvent.fromJson(Json.parse(original.toString()), "event");

    assertThat(decoded).isEqualTo(original);
    assertThat(decoded.hashCode()).isEqualTo(original.hashCode());
    assertThat(decoded.toString()).isEqualTo(original.toString());
    assertThat(decoded.attributes())
        .containsExactly(
            Map.entry("cmd", "build"), Map.entry("flag", "--fast"), Map.entry("cmd", "test"));
  }

  @Test
  void equalityCoversEveryField() {
    WireEvent base = full();
    List<WireEvent> variants =
        List.of(
            base.toBuilder().id(null).build(),
            base.toBuilder().kind("other").build(),
            base.toBuilder().project("octo/other").build(),
            base.toBuilder().version("2").build(),
            base.toBuilder().timestamp(Instant.EPOCH).build(),
            base.toBuilder().language("go").build(),
            base.toBuilder().languageVersion("1").build(),
            base.toBuilder().userId("u-2").build(),
            base.toBuilder().sessionId("s-2").build(),
            base.toBuilder().userType("ci").build(),
            base.toBuilder().platform("mac").build(),
            base.toBuilder().container("podman").build(),
            base.toBuilder().isCi(false).build(),
            base.toBuilder().status("C").build(),
            base.toBuilder().statusDesc("x").build(),
            base.toBuilder().errorType("x").build(),
            base.toBuilder().errorDesc("x").build(),
            base.toBuilder().attribute("x", "y").build());

    assertThat(base.toBuilder().build()).isEqualTo(base).hasSameHashCodeAs(base);
    for (WireEvent variant : variants) {
      assertThat(variant).isNotEqualTo(base);
    }
    assertThat(base).isNotEqualTo(null).isNotEqualTo("text");
  }

  @Test
  void attributeOrderMatters() {
    WireEvent ab = minimal().attribute("a", "1").attribute("b", "2").build();
    WireEvent ba = minimal().attribute("b", "2").attribute("a", "1").build();

    assertThat(ab).isNotEqualTo(ba);
  }

  @Test
  void attributesAreUnmodifiableAndDetachedFromTheBuilder() {
    WireEvent.Builder builder = minimal().attribute("k", "v");
    WireEvent e = builder.build();
    builder.attribute("k2", "v2");

    assertThat(e.attributes()).containsExactly(Map.entry("k", "v"));
    assertThatThrownBy(() -> e.attributes().add(Map.entry("x", "y")))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> e.attributes().get(0).setValue("w"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(builder.build().attributes()).hasSize(2);
  }

  @Test
  void attributesSetterReplacesAndCopies() {
    List<Map.Entry<String, String>> pairs = new ArrayList<>();
    pairs.add(new AbstractMap.SimpleEntry<>("a", "1"));
    pairs.add(Map.entry("a", "2"));

    WireEvent e = minimal().attribute("old", "x").attributes(pairs).build();
    pairs.clear();

    assertThat(e.attributes()).containsExactly(Map.entry("a", "1"), Map.entry("a", "2"));
    assertThat(minimal().attribute("old", "x").attributes(null).build().attributes()).isEmpty();
  }

  @Test
  void nullAttributeKeyOrValueIsRejectedImmediately() {
    assertThatThrownBy(() -> minimal().attribute(null, "v"))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("attribute key");
    assertThatThrownBy(() -> minimal().attribute("k", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("attribute value");
  }

  @Test
  void nullRestoresDefaults() {
    WireEvent e =
        full().toBuilder()
            .kind(null)
            .userType(null)
            .platform(null)
            .container(null)
            .status(null)
            .build();

    assertThat(e.kind()).isEqualTo("breadcrumb");
    assertThat(e.userType()).isEqualTo("general");
    assertThat(e.platform()).isEqualTo("unknown");
    assertThat(e.container()).isEqualTo("unknown");
    assertThat(e.status()).isEqualTo("R");
  }

  @Test
  void acceptsValuesAtTheLimits() {
    WireEvent e =
        WireEvent.builder()
            .id("a".repeat(64))
            .kind("a" + "_9".repeat(15) + "z")
            .project("o/" + "n".repeat(198))
            .version("v".repeat(100))
            .language("l".repeat(100))
            .languageVersion("l".repeat(100))
            .userId("u".repeat(64))
            .sessionId("s".repeat(64))
            .platform("p".repeat(100))
            .container("c".repeat(100))
            .statusDesc("d".repeat(8192))
            .errorType("t".repeat(8192))
            .errorDesc("e".repeat(8192))
            .attribute("k".repeat(200), "v".repeat(8192))
            .build();

    assertThat(e.kind()).hasSize(32);
    assertThat(e.project()).hasSize(200);
    assertThat(WireEvent.fromJson(Json.parse(e.toString()), "")).isEqualTo(e);
  }

  @Test
  void missingRequiredFields() {
    assertBuildFails(WireEvent.builder(), "project is required", "version is required");
  }

  @Test
  void projectRules() {
    assertBuildFails(minimal().project("foo"), "project must be \"owner/name\", was \"foo\"");
    assertBuildFails(minimal().project("a/b/c"), "project must be \"owner/name\", was \"a/b/c\"");
    assertBuildFails(minimal().project("/b"), "project must be \"owner/name\", was \"/b\"");
    assertBuildFails(minimal().project("a/"), "project must be \"owner/name\", was \"a/\"");
    assertBuildFails(
        minimal().project("o/" + "n".repeat(199)),
        "project must be at most 200 characters, was 201");
  }

  @Test
  void longValuesAreCutInMessages() {
    assertBuildFails(
        minimal().project("x".repeat(150)),
        "project must be \"owner/name\", was \"" + "x".repeat(80) + "...\"");
  }

  @Test
  void versionRules() {
    assertBuildFails(minimal().version(""), "version must not be empty");
    assertBuildFails(
        minimal().version("1".repeat(101)), "version must be at most 100 characters, was 101");
  }

  @Test
  void idRules() {
    String rule = "id must be 1 to 64 characters of [A-Za-z0-9._:-], was ";
    assertBuildFails(minimal().id(""), rule + "\"\"");
    assertBuildFails(minimal().id("a b"), rule + "\"a b\"");
    assertBuildFails(minimal().id("a/b"), rule + "\"a/b\"");
    assertBuildFails(minimal().id("\u00e9"), rule + "\"\u00e9\"");
    assertBuildFails(minimal().id("a".repeat(65)), rule + "\"" + "a".repeat(65) + "\"");
  }

  @Test
  void kindRules() {
    String rule = "kind must match [a-z][a-z0-9_]{0,31}, was ";
    assertBuildFails(minimal().kind("Foo"), rule + "\"Foo\"");
    assertBuildFails(minimal().kind("1a"), rule + "\"1a\"");
    assertBuildFails(minimal().kind("_a"), rule + "\"_a\"");
    assertBuildFails(minimal().kind("a-b"), rule + "\"a-b\"");
    assertBuildFails(minimal().kind(""), rule + "\"\"");
    assertBuildFails(minimal().kind("a".repeat(33)), rule + "\"" + "a".repeat(33) + "\"");
  }

  @Test
  void lengthRules() {
    assertBuildFails(
        minimal().language("x".repeat(101)), "language must be at most 100 characters, was 101");
    assertBuildFails(
        minimal().languageVersion("x".repeat(101)),
        "languageVersion must be at most 100 characters, was 101");
    assertBuildFails(
        minimal().userId("x".repeat(65)), "userId must be at most 64 characters, was 65");
    assertBuildFails(
        minimal().sessionId("x".repeat(65)), "sessionId must be at most 64 characters, was 65");
    assertBuildFails(
        minimal().platform("x".repeat(101)), "platform must be at most 100 characters, was 101");
    assertBuildFails(
        minimal().container("x".repeat(101)), "container must be at most 100 characters, was 101");
    assertBuildFails(
        minimal().statusDesc("x".repeat(8193)),
        "statusDesc must be at most 8192 characters, was 8193");
    assertBuildFails(
        minimal().errorType("x".repeat(8193)),
        "errorType must be at most 8192 characters, was 8193");
    assertBuildFails(
        minimal().errorDesc("x".repeat(8193)),
        "errorDesc must be at most 8192 characters, was 8193");
  }

  @Test
  void enumerationRules() {
    assertBuildFails(
        minimal().userType("admin"), "userType must be one of general, dev, ci, was \"admin\"");
    assertBuildFails(minimal().status("X"), "status must be one of R, C, F, S, was \"X\"");
    assertBuildFails(minimal().status("RC"), "status must be one of R, C, F, S, was \"RC\"");
    assertBuildFails(minimal().status("r"), "status must be one of R, C, F, S, was \"r\"");
  }

  @Test
  void attributeRules() {
    assertBuildFails(
        minimal().attribute("ok", "1").attribute("", "v"), "attributes[1] key must not be empty");
    assertBuildFails(
        minimal().attribute("k".repeat(201), "v"),
        "attributes[0] key must be at most 200 characters, was 201");
    assertBuildFails(
        minimal().attribute("k", "v".repeat(8193)),
        "attributes[0] value must be at most 8192 characters, was 8193");
    WireEvent.Builder many = minimal();
    for (int i = 0; i < 257; i++) {
      many.attribute("k" + i, "");
    }
    assertBuildFails(many, "attributes must have at most 256 pairs, was 257");
  }

  @Test
  void reportsEveryBrokenRuleTogether() {
    WireFormatException e =
        buildError(WireEvent.builder().project("foo").status("X").kind("K").attribute("", "v"));

    assertThat(e.problems())
        .containsExactly(
            "kind must match [a-z][a-z0-9_]{0,31}, was \"K\"",
            "project must be \"owner/name\", was \"foo\"",
            "version is required",
            "status must be one of R, C, F, S, was \"X\"",
            "attributes[0] key must not be empty");
    assertThat(e)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(String.join("; ", e.problems()));
  }

  private static void assertBuildFails(WireEvent.Builder builder, String... problems) {
    WireFormatException e = buildError(builder);
    assertThat(e.problems()).containsExactly(problems);
    assertThat(e).hasMessage(String.join("; ", problems));
  }

  private static WireFormatException buildError(WireEvent.Builder builder) {
    try {
      builder.build();
    } catch (WireFormatException e) {
      return e;
    }
    throw new AssertionError("expected build() to fail");
  }
}
