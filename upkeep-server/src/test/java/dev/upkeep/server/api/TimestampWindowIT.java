package dev.upkeep.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upkeep.server.testing.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14 item 3: event times outside 1970-01-01 .. one day after the server's clock are refused
 * event by event, naming the field and the index, while the rest of the batch is stored; absurd
 * query bounds are a 4xx or a GraphQL error, never a 500. (otumat's rows: {@code
 * OtumatRoutesIT#rowsDatedOutsideTheWindowAreRefusedAloneAndNamed}.)
 */
class TimestampWindowIT {
  @TempDir Path data;
  TestServer server;

  @BeforeEach
  void start() {
    server = TestServer.start(data, Duration.ofMinutes(10));
    server.register("nipreps/fmriprep");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  static String event(String id, String timestamp) {
    return "{\"id\":\""
        + id
        + "\",\"project\":\"nipreps/fmriprep\",\"version\":\"1.0.0\",\"timestamp\":\""
        + timestamp
        + "\"}";
  }

  @Test
  void aJsonBatchStoresItsValidEventsAndNamesTheOthers() throws Exception {
    String body =
        "["
            + String.join(
                ",",
                event("ancient", "-999999999-01-01T00:00:00Z"),
                event("ok1", "2026-03-01T10:00:00Z"),
                event("year0", "0000-06-01T00:00:00Z"),
                event("ok2", "2026-02-28T23:00:00+01:00"))
            + "]";

    HttpResponse<String> r = server.post("/v1/events", "application/json", body);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.body())
        .startsWith("{\"received\":4,\"stored\":2,\"duplicates\":0,\"rejected\":[")
        .contains(
            "{\"index\":0,\"id\":\"ancient\",\"field\":\"timestamp\",\"reason\":\"events[0].timestamp"
                + " must be from 1970-01-01T00:00:00Z to 2026-03-02T12:00:00Z (one day after the"
                + " server's clock), was -999999999-01-01T00:00:00Z\"}")
        .contains("{\"index\":2,\"id\":\"year0\",\"field\":\"timestamp\"");
    assertThat(server.rows("SELECT event_id FROM events ORDER BY event_id"))
        .containsExactly(List.of("ok1"), List.of("ok2"));
    assertThat(usage("from=1970-01-01").body()).contains("\"hits\":2");
  }

  @Test
  void anNdjsonBatchToo() throws Exception {
    String body =
        event("far", "2027-01-01T00:00:00Z") + "\n" + event("ok", "2026-03-02T11:00:00Z") + "\n";

    HttpResponse<String> r = server.post("/v1/events", "application/x-ndjson", body);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.body()).contains("\"stored\":1").contains("\"index\":0,\"id\":\"far\"");
    assertThat(server.rows("SELECT event_id, ts FROM events"))
        .containsExactly(List.of("ok", Long.toString(TestServer.START.toEpochMilli())));
  }

  @Test
  void aBatchWithNoTimeInTheWindowIs422NamingEachEvent() throws Exception {
    String body =
        "["
            + event("a", "-999999999-01-01T00:00:00Z")
            + ","
            + event("b", "+999999999-12-31T23:59:59Z")
            + "]";

    HttpResponse<String> r = server.post("/v1/events", "application/json", body);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
    assertThat(r.body())
        .contains("\"loc\":[\"body\",0,\"timestamp\"]")
        .contains("\"loc\":[\"body\",1,\"timestamp\"]");
    assertThat(server.rows("SELECT count(*) FROM events")).containsExactly(List.of("0"));
  }

  @Test
  void graphQlGetUsageWithAbsurdDatesIsAGraphQlErrorNotA500() throws Exception {
    for (String start : List.of("-999999999-01-01T00:00:00Z", "+999999999-01-01T00:00:00Z")) {
      HttpResponse<String> literal =
          graphql(
              "{\"query\":\"{ get_usage(project: \\\"nipreps/fmriprep\\\", start: \\\""
                  + start
                  + "\\\") }\"}");
      HttpResponse<String> variable =
          graphql(
              "{\"query\":\"query($s: DateTime!) { get_usage(project: \\\"nipreps/fmriprep\\\","
                  + " start: $s) }\",\"variables\":{\"s\":\""
                  + start
                  + "\"}}");
      for (HttpResponse<String> r : List.of(literal, variable)) {
        assertThat(r.statusCode()).as(r.body()).isLessThan(500);
        assertThat(r.body())
            .contains("\"errors\"")
            .contains("DateTime must be from 0001-01-01T00:00:00Z")
            .doesNotContain("overflow")
            .doesNotContain("StringValue")
            .doesNotContain("Exception");
      }
    }
    HttpResponse<String> end =
        graphql(
            "{\"query\":\"{ get_usage(project: \\\"nipreps/fmriprep\\\", start: \\\"2026-01-01\\\","
                + " end: \\\"-999999999-01-01T00:00:00Z\\\") }\"}");
    assertThat(end.body()).contains("argument 'end'").contains("DateTime must be from");
  }

  @Test
  void v1UsageWithAbsurdBoundsIs400NamingTheParameter() throws Exception {
    HttpResponse<String> from = usage("from=-999999999-01-01T00:00:00Z");
    HttpResponse<String> to = usage("from=2026-01-01&to=%2B999999999-01-01T00:00:00Z");

    assertThat(from.statusCode()).isEqualTo(400);
    assertThat(from.body()).contains("Query parameter \\\"from\\\"");
    assertThat(to.statusCode()).isEqualTo(400);
    assertThat(to.body()).contains("Query parameter \\\"to\\\"");
  }

  @Test
  void aUsagestatsReportDatedTooFarAheadIs422() throws Exception {
    long farAhead = TestServer.START.plus(Duration.ofDays(2)).getEpochSecond();
    HttpResponse<String> r =
        server.post("/usagestats/nipreps/fmriprep", null, "date:" + farAhead + ".5\nversion:1\n");

    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(r.body()).startsWith("date must be from 1970-01-01T00:00:00Z to ");
    assertThat(server.rows("SELECT count(*) FROM events")).containsExactly(List.of("0"));
  }

  private HttpResponse<String> graphql(String body) throws Exception {
    return server.post("/graphql", "application/json", body);
  }

  private HttpResponse<String> usage(String query) throws Exception {
    return server.get(
        "/v1/projects/nipreps/fmriprep/usage?" + query,
        "Authorization",
        "Bearer " + server.server.initialMasterToken().orElseThrow());
  }
}
