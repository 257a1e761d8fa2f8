package dev.upkeep.server.api.otumat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upkeep.server.http.ApiException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventRowsTest {
  static final ObjectMapper JSON = new ObjectMapper();

  static JsonNode body(String json) throws Exception {
    return JSON.readTree(json);
  }

  @Test
  void otumatsThreeHeadersTwoValues() throws Exception {
    List<EventRows.Row> rows =
        EventRows.decode(
            body(
                "{\"installId\": \"in_1\", \"headers\": [\"install_id\", \"event_date\","
                    + " \"event_type\"], \"rows\": [[\"2024-05-01 10:00:00.123456\", \"start\"],"
                    + " [\"2024-05-01 10:00:01.000000\", \"stop\"]]}"),
            "in_1");

    assertThat(rows)
        .containsExactly(
            new EventRows.Row(
                0,
                "2024-05-01 10:00:00.123456",
                Instant.parse("2024-05-01T10:00:00.123456Z"),
                "start"),
            new EventRows.Row(
                1, "2024-05-01 10:00:01.000000", Instant.parse("2024-05-01T10:00:01Z"), "stop"));
  }

  @Test
  void fullRowsInAnyHeaderOrder() throws Exception {
    List<EventRows.Row> rows =
        EventRows.decode(
            body(
                "{\"headers\": [\"event_type\", \"install_id\", \"event_date\"],"
                    + " \"rows\": [[\"a\", \"in_1\", \"2024-05-01T10:00:00\"],"
                    + " [\"b\", \"in_1\", \"2024-05-01 10:00:00.5\"]]}"),
            "in_1");

    assertThat(rows)
        .extracting(EventRows.Row::eventType, EventRows.Row::at)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("a", Instant.parse("2024-05-01T10:00:00Z")),
            org.assertj.core.groups.Tuple.tuple("b", Instant.parse("2024-05-01T10:00:00.5Z")));
  }

  @Test
  void impliedInstallIdInTheMiddle() throws Exception {
    List<EventRows.Row> rows =
        EventRows.decode(
            body(
                "{\"headers\": [\"event_type\", \"install_id\", \"event_date\"],"
                    + " \"rows\": [[\"a\", \"2024-05-01 10:00:00\"]]}"),
            "in_1");

    assertThat(rows).extracting(EventRows.Row::eventType).containsExactly("a");
  }

  @Test
  void noRowsIsNoEvents() throws Exception {
    assertThat(
            EventRows.decode(
                body(
                    "{\"headers\": [\"install_id\", \"event_date\", \"event_type\"], \"rows\": []}"),
                "in_1"))
        .isEmpty();
  }

  @Test
  void everyBadRowIsNamedInOneMessage() throws Exception {
    String json =
        "{\"headers\": [\"install_id\", \"event_date\", \"event_type\"], \"rows\": ["
            + "[\"2024-05-01 10:00:00.123456\", \"ok\"],"
            + "[\"yesterday\", \"a\"],"
            + "[\"2024-05-01 10:00:00\", 5],"
            + "[\"2024-02-30 10:00:00\", \"b\"],"
            + "[\"2024-05-01 10:00:00\"],"
            + "\"flat\","
            + "[\"in_other\", \"2024-05-01 10:00:00\", \"c\"],"
            + "[\"2024-05-01 10:00:00\", \"\"],"
            + "[\"2024-05-01 10:00:00\", \""
            + "x".repeat(101)
            + "\"]]}";

    assertThatThrownBy(() -> EventRows.decode(body(json), "in_1"))
        .isInstanceOf(ApiException.class)
        .satisfies(e -> assertThat(((ApiException) e).status()).isEqualTo(400))
        .hasMessage(
            "Nothing was stored: rows[1].event_date must be \"YYYY-MM-DD HH:MM:SS[.ffffff]\""
                + " (UTC), was \"yesterday\"; rows[2].event_type must be a string of 1 to 100"
                + " characters, was 5; rows[3].event_date must be \"YYYY-MM-DD"
                + " HH:MM:SS[.ffffff]\" (UTC), was \"2024-02-30 10:00:00\"; rows[4] must be an"
                + " array of 2 or 3 values for [install_id, event_date, event_type], was 1 values;"
                + " rows[5] must be an array of 2 or 3 values for [install_id, event_date,"
                + " event_type], was string; rows[6].install_id must be the body's installId"
                + " in_1; rows[7].event_type must be a string of 1 to 100 characters, was \"\";"
                + " rows[8].event_type must be a string of 1 to 100 characters, was \""
                + "x".repeat(76)
                + "....");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"rows\": []}|\"headers\" must be an array of distinct names",
        "{\"headers\": [\"event_date\"], \"rows\": []}|\"headers\" must be",
        "{\"headers\": [\"event_date\", \"event_type\", 3], \"rows\": []}|\"headers\" must be",
        "{\"headers\": [\"event_date\", \"event_type\", \"event_type\"], \"rows\": []}|\"headers\"",
        "{\"headers\": [\"event_date\", \"event_type\"]}|\"rows\" must be an array of rows",
        "{\"headers\": [\"event_date\", \"event_type\"], \"rows\": {}}|was object",
      })
  void badHeadersOrRowsAreNamed(String json, String message) throws Exception {
    assertThatThrownBy(() -> EventRows.decode(body(json), "in_1"))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining(message);
  }
}
