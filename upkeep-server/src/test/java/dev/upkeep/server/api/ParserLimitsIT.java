package dev.upkeep.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upkeep.server.ServerConfig;
import dev.upkeep.server.testing.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14 item 1 over HTTP: adversarial bodies for each body parser of a real collector are a 4xx
 * (or a GraphQL error) naming the limit, and the collector keeps answering. The timeout only keeps
 * a regression from hanging the build.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ParserLimitsIT {
  static final int MILLION = 1_000_000;

  @TempDir Path data;
  TestServer server;

  @BeforeEach
  void start() {
    server = TestServer.start(data, Duration.ofMinutes(10));
    server.register("nipreps/fmriprep");
  }

  @AfterEach
  void stop() throws Exception {
    assertThat(server.get("/v1/health").statusCode()).isEqualTo(200);
    server.close();
  }

  @Test
  void v1EventsOfAMillionNestedBracketsAre400NamingTheDepth() throws Exception {
    HttpResponse<String> json =
        server.post("/v1/events", "application/json", "[".repeat(MILLION) + "]".repeat(MILLION));
    HttpResponse<String> ndjson =
        server.post(
            "/v1/events",
            "application/x-ndjson",
            "{\"a\":".repeat(MILLION / 5) + "1" + "}".repeat(MILLION / 5));

    assertThat(json.statusCode()).isEqualTo(400);
    assertThat(json.body()).contains("nesting deeper than 64 levels");
    assertThat(ndjson.statusCode()).isEqualTo(400);
    assertThat(ndjson.body()).contains("nesting deeper than 64 levels");
  }

  @Test
  void migasRestNestingIs422NamingTheLimit() throws Exception {
    int depth = 20_000;
    HttpResponse<String> r =
        server.post(
            "/api/breadcrumb",
            "application/json",
            "{\"project\":\"nipreps/fmriprep\",\"ctx\":"
                + "[".repeat(depth)
                + "]".repeat(depth)
                + "}");

    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(r.body()).contains("exceeds the maximum allowed (64)");
  }

  @Test
  void graphQlDeepDocumentsAreRefusedNamingTheLimit() throws Exception {
    int depth = 20_000;
    HttpResponse<String> braces =
        graphql("{\"query\":\"" + "{a".repeat(depth) + "}".repeat(depth) + "\"}");
    HttpResponse<String> variables =
        graphql(
            "{\"query\":\"{ get_projects }\",\"variables\":{\"v\":"
                + "[".repeat(depth)
                + "]".repeat(depth)
                + "}}");
    StringBuilder introspection = new StringBuilder("{ __schema { types { fields { type");
    for (int i = 0; i < 20; i++) {
      introspection.append(" { ofType");
    }
    introspection.append(" { name }").append(" }".repeat(20)).append(" } } } }");
    HttpResponse<String> deep = graphql("{\"query\":\"" + introspection + "\"}");

    assertThat(braces.statusCode()).isLessThan(500);
    assertThat(braces.body()).contains("\"errors\"").contains("500");
    assertThat(variables.statusCode()).isEqualTo(400);
    assertThat(variables.body()).contains("exceeds the maximum allowed (64)");
    assertThat(deep.statusCode()).as(deep.body()).isEqualTo(400);
    assertThat(deep.body()).contains("maximum query depth exceeded").contains("15");
  }

  @Test
  void graphQlManyAliasedUsageCountsAreRefusedByTheComplexityLimit() throws Exception {
    StringBuilder q = new StringBuilder("{");
    for (int i = 0; i < 20; i++) {
      q.append(" u")
          .append(i)
          .append(": get_usage(project: \\\"nipreps/fmriprep\\\", start: \\\"2026-01-01\\\")");
    }
    q.append(" }");

    HttpResponse<String> r = graphql("{\"query\":\"" + q + "\"}");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(r.body()).contains("maximum query complexity exceeded").contains("300");
  }

  @Test
  void graphQlOverTheBodyLimitIs413() throws Exception {
    String q = "{ get_projects " + " ".repeat(ServerConfig.DEFAULT_MAX_BODY_BYTES) + "}";

    assertThat(graphql("{\"query\":\"" + q + "\"}").statusCode()).isEqualTo(413);
  }

  @Test
  void aUsagestatsReportOfTooManyLinesIs400() throws Exception {
    HttpResponse<String> r =
        server.post("/usagestats/nipreps/fmriprep", null, "date:1.5\n" + "k:v\n".repeat(100_000));

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).isEqualTo("too many lines (the limit is 1000)");
  }

  private HttpResponse<String> graphql(String body) throws Exception {
    return server.post("/graphql", "application/json", body);
  }
}
