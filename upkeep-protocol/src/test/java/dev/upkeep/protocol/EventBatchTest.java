package dev.upkeep.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class EventBatchTest {

  private static final String A = "{\"project\":\"octo/a\",\"version\":\"1\"}";
  private static final String B = "{\"kind\":\"crash\",\"project\":\"octo/b\",\"version\":\"2\"}";

  @Test
  void decodesAJsonArray() {
    List<WireEvent> events = EventBatch.decode(" [" + A + ",\n " + B + "] ");

    assertThat(events).hasSize(2);
    assertThat(events.get(0).project()).isEqualTo("octo/a");
    assertThat(events.get(0).kind()).isEqualTo("breadcrumb");
    assertThat(events.get(1).project()).isEqualTo("octo/b");
    assertThat(events.get(1).kind()).isEqualTo("crash");
    assertThatThrownBy(() -> events.add(events.get(0)))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void encodesAJsonArray() {
    List<WireEvent> events =
        List.of(event("octo/a", "1"), event("octo/b", "2").toBuilder().kind("crash").build());

    assertThat(EventBatch.encode(events)).isEqualTo("[" + A + "," + B + "]");
    assertThat(EventBatch.encode(List.of())).isEqualTo("[]");
  }

  @Test
  void roundTrips() {
    List<WireEvent> events = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      events.add(
          WireEventTest.full().toBuilder()
              .id("evt-" + i)
              .timestamp(Instant.parse("2026-11-21T10:00:00Z").plusMillis(i * 1001L))
              .attribute("i", String.valueOf(i))
              .build());
    }

    assertThat(EventBatch.decode(EventBatch.encode(events))).isEqualTo(events);
  }

  @Test
  void decodesNdjsonSkippingBlankLines() {
    String body = "\n" + A + "\r\n   \n\t\r\n" + B + "\n\n";

    List<WireEvent> events = EventBatch.decode(body);

    assertThat(events)
        .containsExactly(
            event("octo/a", "1"), event("octo/b", "2").toBuilder().kind("crash").build());
  }

  /**
   * Four million blank lines around one event (the 4 MB body of issue 14) decode in linear time:
   * skipping a blank line looks no further than its own end. The quadratic scan this guards against
   * took hours here; the bound only keeps a regression from hanging the build.
   */
  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void millionsOfBlankLinesDecodeInLinearTime() {
    int blank = 4_000_000;
    StringBuilder body = new StringBuilder(blank * 2 + A.length());
    body.append("\n".repeat(blank / 2)).append(A).append('\n');
    body.append(" \r\n".repeat(blank / 4)).append("\t\n".repeat(blank / 4));

    assertThat(EventBatch.decode(body.toString())).containsExactly(event("octo/a", "1"));
  }

  @Test
  void decodesNdjsonWithoutTrailingNewline() {
    assertThat(EventBatch.decode(A + "\n" + B)).hasSize(2);
    assertThat(EventBatch.decode(A)).containsExactly(event("octo/a", "1"));
  }

  @Test
  void ndjsonSyntaxErrorNamesTheLine() {
    String body = A + "\n\n{\"project\": x}\n" + B;
    int offset = body.indexOf('x');

    assertThatThrownBy(() -> EventBatch.decode(body))
        .isInstanceOfSatisfying(
            JsonException.class,
            e -> {
              assertThat(e.line()).isEqualTo(3);
              assertThat(e.column()).isEqualTo(13);
              assertThat(e.offset()).isEqualTo(offset);
            })
        .hasMessage(
            "invalid JSON at line 3, column 13 (offset "
                + offset
                + "): expected a value but found 'x'");
  }

  @Test
  void ndjsonLineWithTwoValuesIsASyntaxError() {
    assertThatThrownBy(() -> EventBatch.decode(A + " " + A))
        .isInstanceOf(JsonException.class)
        .hasMessage(
            "invalid JSON at line 1, column 36 (offset 35): expected end of input but found '{'");
  }

  @Test
  void ndjsonProblemsArePrefixedByLine() {
    String body =
        A + "\n\n{\"version\":\"1\"}\n[1]\n{\"project\":\"x\",\"version\":\"1\",\"is_ci\":1}";

    assertThatThrownBy(() -> EventBatch.decode(body))
        .isInstanceOfSatisfying(
            WireFormatException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "line 3: project: required",
                        "line 4: must be an object, was an array",
                        "line 5: project: must be \"owner/name\", was \"x\"",
                        "line 5: is_ci: must be a boolean, was 1"));
  }

  @Test
  void arrayProblemsArePrefixedByIndexAndReportedTogether() {
    String body =
        "[" + A + ",{\"project\":\"octo/b\"},5," + A + ",{\"version\":\"1\",\"status\":\"Q\"}]";

    assertThatThrownBy(() -> EventBatch.decode(body))
        .isInstanceOf(WireFormatException.class)
        .hasMessage(
            "events[1].version: required; events[2]: must be an object, was 5;"
                + " events[4].project: required;"
                + " events[4].status: must be one of R, C, F, S, was \"Q\"");
  }

  @Test
  void capsTheProblemList() {
    StringBuilder body = new StringBuilder("[");
    for (int i = 0; i < 25; i++) {
      body.append(i == 0 ? "" : ",").append("{\"project\":\"octo/a\"}");
    }
    body.append(']');

    WireFormatException e = catchFormat(body.toString());

    assertThat(e.problems()).hasSize(21);
    assertThat(e.problems().get(0)).isEqualTo("events[0].version: required");
    assertThat(e.problems().get(19)).isEqualTo("events[19].version: required");
    assertThat(e.problems().get(20)).isEqualTo("... and 5 more");
  }

  @Test
  void exactlyTwentyProblemsAreNotCapped() {
    StringBuilder body = new StringBuilder("[");
    for (int i = 0; i < 10; i++) {
      body.append(i == 0 ? "" : ",").append("{}");
    }
    body.append(']');

    WireFormatException e = catchFormat(body.toString());

    assertThat(e.problems()).hasSize(20).doesNotContain("... and 0 more");
    assertThat(e.problems().get(19)).isEqualTo("events[9].version: required");
  }

  @Test
  void emptyBatches() {
    for (String body : new String[] {"", "  \n\r\n\t", "[]", " [ ] "}) {
      assertThat(catchFormat(body).problems())
          .as("body %s", body)
          .containsExactly("batch is empty");
    }
  }

  @Test
  void batchLimit() {
    assertThat(EventBatch.MAX_EVENTS).isEqualTo(1000);
    assertThat(EventBatch.decode(repeatArray(1000))).hasSize(1000);
    assertThat(EventBatch.decode(repeatLines(1000))).hasSize(1000);

    assertThat(catchFormat(repeatArray(1001)))
        .hasMessage("batch has 1001 events, the limit is 1000");
    assertThat(catchFormat(repeatLines(1001) + "\n\n"))
        .hasMessage("batch has 1001 events, the limit is 1000");
  }

  @Test
  void nonArrayJsonIsAFormatError() {
    assertThat(catchFormat("\"x\""))
        .hasMessage("batch must be a JSON array of events or NDJSON, was \"x\"");
    assertThat(catchFormat(" 42"))
        .hasMessage("batch must be a JSON array of events or NDJSON, was 42");
  }

  @Test
  void malformedArrayIsAJsonError() {
    assertThatThrownBy(() -> EventBatch.decode("[{\"project\":\"a/b\",}]"))
        .isInstanceOf(JsonException.class)
        .hasMessage("invalid JSON at line 1, column 19 (offset 18): trailing comma before '}'");
    assertThatThrownBy(() -> EventBatch.decode("<xml/>"))
        .isInstanceOf(JsonException.class)
        .hasMessage("invalid JSON at line 1, column 1 (offset 0): expected a value but found '<'");
  }

  @Test
  void nullBodyIsRejected() {
    assertThatThrownBy(() -> EventBatch.decode(null)).isInstanceOf(NullPointerException.class);
  }

  private static WireEvent event(String project, String version) {
    return WireEvent.builder().project(project).version(version).build();
  }

  private static String repeatArray(int n) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < n; i++) {
      sb.append(i == 0 ? "" : ",").append(A);
    }
    return sb.append(']').toString();
  }

  private static String repeatLines(int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append(A).append('\n');
    }
    return sb.toString();
  }

  private static WireFormatException catchFormat(String body) {
    try {
      EventBatch.decode(body);
    } catch (WireFormatException e) {
      return e;
    }
    throw new AssertionError("expected a WireFormatException for " + body);
  }
}
