package dev.upkeep.server.api.otumat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.upkeep.server.http.ApiException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EventUploadTest {
  static EventUpload.Body read(String body, long maxBytes, int maxRows) {
    return EventUpload.read(
        new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), maxBytes, maxRows);
  }

  static String rows(int n) {
    StringBuilder b =
        new StringBuilder(
            "{\"installId\": \"in_1\", \"headers\": [\"install_id\", \"event_date\","
                + " \"event_type\"], \"rows\": [");
    for (int i = 0; i < n; i++) {
      b.append(i == 0 ? "" : ", ").append("[\"2024-05-01 10:00:00.").append(i).append("\", \"a\"]");
    }
    return b.append("]}").toString();
  }

  @Test
  void rowsPastTheLimitAreCountedNotKept() {
    EventUpload.Body b = read(rows(25), 1 << 20, 10);

    assertThat(b.installId().textValue()).isEqualTo("in_1");
    assertThat(b.rows()).hasSize(10);
    assertThat(b.rows().get(9).get(0).textValue()).isEqualTo("2024-05-01 10:00:00.9");
    assertThat(b.dropped()).isEqualTo(15);
  }

  @Test
  void fieldsMayComeInAnyOrderAndUnknownOnesAreSkipped() {
    EventUpload.Body b =
        read(
            "{\"rows\": [[\"2024-05-01 10:00:00\", \"a\"]], \"x\": {\"y\": [1, 2]},"
                + " \"headers\": [\"event_date\", \"event_type\"], \"installId\": \"in_2\"}",
            1 << 20,
            10);

    assertThat(b.installId().textValue()).isEqualTo("in_2");
    assertThat(b.headers().size()).isEqualTo(2);
    assertThat(b.rows()).hasSize(1);
    assertThat(b.dropped()).isZero();
  }

  @Test
  void missingRowsAreNull() {
    assertThat(read("{\"installId\": \"in_1\"}", 100, 10).rows()).isNull();
  }

  @Test
  void aBodyPastTheByteLimitIs413() {
    String body = rows(100);

    assertThatThrownBy(() -> read(body, body.length() - 1, 1000))
        .isInstanceOf(ApiException.class)
        .satisfies(e -> assertThat(((ApiException) e).status()).isEqualTo(413))
        .hasMessageContaining("limit of " + (body.length() - 1) + " bytes");
    assertThat(read(body, body.length(), 1000).rows()).hasSize(100);
  }

  @Test
  void malformedBodiesAre400() {
    assertThatThrownBy(() -> read("[]", 100, 10)).hasMessage("The body must be a JSON object.");
    assertThatThrownBy(() -> read("{\"rows\": 3}", 100, 10))
        .hasMessageContaining("\"rows\" must be an array")
        .hasMessageContaining("was number.");
    assertThatThrownBy(() -> read("{} {}", 100, 10))
        .hasMessage("The body is not valid JSON: data after the object.");
    assertThatThrownBy(() -> read("{\"rows\": [", 100, 10))
        .hasMessageStartingWith("The body is not valid JSON: ");
  }
}
