package dev.upkeep.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input on every endpoint gets the exact status and a message naming the problem, and loses
 * nothing that was accepted before.
 */
class BadInputIT {
  private static final String PROJECT = "nipreps/nipreps";
  private static final String CRUMB =
      "{\"project\": \"nipreps/nipreps\", \"project_version\": \"1.0.0\"}";

  @TempDir Path dir;
  RunningServer server;

  @BeforeEach
  void start() throws Exception {
    server = RunningServer.start(dir);
    server.register(PROJECT, "1.0.0");
    assertThat(post("/api/breadcrumb?wait=true", CRUMB).status()).isEqualTo(200);
  }

  @AfterEach
  void stop() throws IOException {
    // Whatever was refused, the breadcrumb accepted first is still there and nothing else is.
    assertThat(server.hits(PROJECT, false)).isEqualTo(1);
    server.close();
  }

  RawHttp.Response post(String target, String body) throws IOException {
    return RawHttp.post(server.port(), target, "application/json", body);
  }

  JsonNode json(RawHttp.Response r) throws IOException {
    assertThat(r.header("Content-Type")).startsWith("application/json");
    return RunningServer.JSON.readTree(r.body());
  }

  @Nested
  class RestBreadcrumb {
    @Test
    void malformedJson() throws Exception {
      RawHttp.Response r = post("/api/breadcrumb", "{\"project\": ");
      assertThat(r.status()).isEqualTo(422);
      JsonNode d = json(r).get("detail").get(0);
      assertThat(d.get("type").asText()).isEqualTo("json_invalid");
      assertThat(d.get("msg").asText()).startsWith("JSON decode error: ");
    }

    @Test
    void wrongTypesAndUnknownEnumAreAllReported() throws Exception {
      RawHttp.Response r =
          post(
              "/api/breadcrumb",
              "{\"project\": 5, \"project_version\": \"1.0.0\", \"ctx\": {\"is_ci\": \"yes\","
                  + " \"user_id\": \"nope\"}, \"proc\": {\"status\": \"wtf\"}}");
      assertThat(r.status()).isEqualTo(422);
      JsonNode detail = json(r).get("detail");
      assertThat(detail).hasSize(4);
      assertThat(detail.get(0).toString())
          .isEqualTo(
              "{\"type\":\"string_type\",\"loc\":[\"body\",\"project\"],"
                  + "\"msg\":\"Input should be a valid string\"}");
      assertThat(detail.get(1).get("loc").toString()).isEqualTo("[\"body\",\"ctx\",\"user_id\"]");
      assertThat(detail.get(2).get("type").asText()).isEqualTo("bool_type");
      assertThat(detail.get(3).toString())
          .isEqualTo(
              "{\"type\":\"enum\",\"loc\":[\"body\",\"proc\",\"status\"],"
                  + "\"msg\":\"Input should be one of C, F, R, S, was \\\"wtf\\\"\"}");
    }

    @Test
    void missingProject() throws Exception {
      RawHttp.Response r = post("/api/breadcrumb", "{\"project_version\": \"1.0.0\"}");
      assertThat(r.status()).isEqualTo(422);
      assertThat(json(r).get("detail").toString())
          .isEqualTo(
              "[{\"type\":\"missing\",\"loc\":[\"body\",\"project\"],\"msg\":\"Field required\"}]");
    }

    @Test
    void unregisteredAndMalformedProject() throws Exception {
      RawHttp.Response unregistered = post("/api/breadcrumb", CRUMB.replace(PROJECT, "a/b"));
      assertThat(unregistered.status()).isEqualTo(400);
      assertThat(unregistered.body()).isEqualTo("{\"detail\":\"Project is not registered.\"}");
      RawHttp.Response malformed = post("/api/breadcrumb", CRUMB.replace(PROJECT, "nipreps"));
      assertThat(malformed.status()).isEqualTo(400);
      assertThat(malformed.body())
          .isEqualTo("{\"detail\":\"Invalid project format (expected owner/repo).\"}");
    }

    @Test
    void oversizeBody() throws Exception {
      String big = CRUMB.replace("}", ", \"pad\": \"" + "x".repeat(70_000) + "\"}");
      RawHttp.Response r = post("/api/breadcrumb", big);
      assertThat(r.status()).isEqualTo(413);
      assertThat(r.body())
          .isEqualTo("{\"detail\":\"Request body is larger than the limit of 65536 bytes.\"}");
    }
  }

  @Nested
  class GraphQl {
    @Test
    void malformedJsonAndMissingQuery() throws Exception {
      RawHttp.Response bad = post("/graphql", "{\"query\": ");
      assertThat(bad.status()).isEqualTo(400);
      JsonNode b = json(bad);
      assertThat(b.get("data").isNull()).isTrue();
      assertThat(b.at("/errors/0/message").asText()).startsWith("The body is not valid JSON: ");

      RawHttp.Response noQuery = post("/graphql", "{\"mutation\": \"x\"}");
      assertThat(noQuery.status()).isEqualTo(400);
      assertThat(json(noQuery).at("/errors/0/message").asText())
          .isEqualTo(
              "The body must be a JSON object with a string \"query\" (a GraphQL document).");
    }

    @Test
    void syntaxErrorAndUnknownEnum() throws Exception {
      JsonNode syntax = server.graphql("query{get_usage(");
      assertThat(syntax.get("data").isNull()).isTrue();
      assertThat(syntax.at("/errors/0/extensions/classification").asText())
          .isEqualTo("InvalidSyntax");

      JsonNode wtf =
          server.graphql(
              "mutation{add_breadcrumb(project:\"nipreps/nipreps\",project_version:\"1.0.0\","
                  + "language:\"python\",language_version:\"3.11.7\",ctx:{},proc:{status:wtf})"
                  + "{success}}");
      assertThat(wtf.get("data").isNull()).isTrue();
      assertThat(wtf.at("/errors/0/message").asText())
          .contains("argument 'proc.status'")
          .contains("not a valid 'Status'");
    }

    @Test
    void wrongArgumentType() throws Exception {
      JsonNode r =
          server.graphql("query{get_usage(project:\"nipreps/nipreps\",start:\"last tuesday\")}");
      assertThat(r.get("data").isNull()).isTrue();
      assertThat(r.at("/errors/0/message").asText())
          .contains(
              "DateTime must be \\\"YYYY-MM-DD\\\" or \\\"YYYY-MM-DDTHH:MM:SSZ\\\""
                  .replace("\\", ""));
    }

    @Test
    void adminMutationsNeedTheMasterToken() throws Exception {
      JsonNode r = server.graphql("mutation{register_project(project:\"x/y\")}");
      assertThat(r.at("/data/register_project").toString())
          .isEqualTo(
              "{\"success\":false,\"message\":\"A master token is required: send"
                  + " Authorization: Bearer <master token>.\"}");
      JsonNode token =
          server.graphql(
              "mutation{issue_token(project:\"nipreps/nipreps\"){token,success,message}}");
      assertThat(token.at("/data/issue_token/success").asBoolean()).isFalse();
      assertThat(token.at("/data/issue_token/token").isNull()).isTrue();
      JsonNode revoke = server.graphql("mutation{revoke_token(token:\"m_x\")}");
      assertThat(revoke.at("/data/revoke_token").asBoolean()).isFalse();
    }

    @Test
    void oversizeBody() throws Exception {
      RawHttp.Response r = post("/graphql", "{\"query\": \"" + "x".repeat(70_000) + "\"}");
      assertThat(r.status()).isEqualTo(413);
    }
  }

  @Nested
  class Events {
    @Test
    void malformedJson() throws Exception {
      RawHttp.Response r = post("/v1/events", "[{\"project\": ");
      assertThat(r.status()).isEqualTo(400);
      assertThat(json(r).get("detail").asText()).startsWith("invalid JSON at line 1");
    }

    @Test
    void schemaProblemsNameTheEvent() throws Exception {
      RawHttp.Response r =
          post(
              "/v1/events",
              "[{\"project\":\"nipreps/nipreps\",\"version\":\"1.0.0\"},"
                  + "{\"project\":\"nipreps\",\"status\":\"X\"}]");
      assertThat(r.status()).isEqualTo(422);
      String detail = json(r).get("detail").toString();
      assertThat(detail)
          .contains("events[1].project")
          .contains("events[1].version")
          .contains("events[1].status");
      assertThat(detail).doesNotContain("events[0]");
    }

    @Test
    void unregisteredProjectIsRefused() throws Exception {
      RawHttp.Response r = post("/v1/events", "[{\"project\":\"a/b\",\"version\":\"1.0.0\"}]");
      assertThat(r.status()).isEqualTo(400);
      assertThat(json(r).get("detail").asText())
          .isEqualTo(
              "No event was stored: Project \"a/b\" is not registered. (1 of 1 events refused)");
    }

    @Test
    void oversizeBodyIsRefusedFromItsDeclaredLength() throws Exception {
      // Only the headers are sent: the limit is enforced before the body is read.
      RawHttp.Response r =
          RawHttp.send(
              server.port(),
              "POST /v1/events HTTP/1.1",
              List.of("Content-Type: application/json", "Content-Length: 4194305"),
              new byte[0]);
      assertThat(r.status()).isEqualTo(413);
      assertThat(json(r).get("detail").asText())
          .isEqualTo("Request body is larger than the limit of 4194304 bytes.");
    }
  }

  @Nested
  class Admin {
    @Test
    void missingWrongAndProjectTokens() throws Exception {
      RawHttp.Response none =
          RawHttp.send(
              server.port(),
              "GET /v1/projects HTTP/1.1",
              List.of("Connection: close"),
              new byte[0]);
      assertThat(none.status()).isEqualTo(401);
      assertThat(json(none).get("detail").asText())
          .isEqualTo("A token is required: send Authorization: Bearer <master token>.");

      RawHttp.Response wrong = get("/v1/projects", "m_wrong");
      assertThat(wrong.status()).isEqualTo(401);
      assertThat(json(wrong).get("detail").asText()).isEqualTo("The token is unknown or revoked.");

      String projectToken =
          json(server.admin("POST", "/v1/tokens", "{\"project\":\"nipreps/nipreps\"}"))
              .get("token")
              .asText();
      RawHttp.Response forbidden = get("/v1/projects", projectToken);
      assertThat(forbidden.status()).isEqualTo(403);
      assertThat(json(forbidden).get("detail").asText())
          .isEqualTo("This needs the master token; a project token was sent.");
      assertThat(get("/v1/projects/nipreps/nipreps/usage?from=2020-01-01", projectToken).status())
          .isEqualTo(200);

      assertThat(
              server
                  .admin("POST", "/v1/tokens/revoke", "{\"token\":\"" + projectToken + "\"}")
                  .status())
          .isEqualTo(200);
      assertThat(get("/v1/projects/nipreps/nipreps/usage?from=2020-01-01", projectToken).status())
          .isEqualTo(401);
      RawHttp.Response again =
          server.admin("POST", "/v1/tokens/revoke", "{\"token\":\"" + projectToken + "\"}");
      assertThat(again.status()).isEqualTo(404);
    }

    @Test
    void projectTokenReadsOnlyItsProject() throws Exception {
      server.register("other/tool");
      String token =
          json(server.admin("POST", "/v1/tokens", "{\"project\":\"other/tool\"}"))
              .get("token")
              .asText();
      // the counts of a counts-public project answer anyone; a breakdown needs its own token
      assertThat(get("/v1/projects/nipreps/nipreps/usage?from=2020-01-01", token).status())
          .isEqualTo(200);
      RawHttp.Response r =
          get("/v1/projects/nipreps/nipreps/usage?from=2020-01-01&by=version", token);
      assertThat(r.status()).isEqualTo(403);
      assertThat(json(r).get("detail").asText())
          .isEqualTo("This token reads project \"other/tool\", not \"nipreps/nipreps\".");
    }

    @Test
    void badNamesDuplicatesAndUnknowns() throws Exception {
      RawHttp.Response badName = server.admin("POST", "/v1/projects", "{\"name\":\"no-slash\"}");
      assertThat(badName.status()).isEqualTo(400);
      assertThat(json(badName).get("detail").asText())
          .isEqualTo(
              "project must be \"owner/name\" (letters, digits, '.', '_', '-'), was \"no-slash\"");

      RawHttp.Response dup = server.admin("POST", "/v1/projects", "{\"name\":\"nipreps/nipreps\"}");
      assertThat(dup.status()).isEqualTo(409);
      assertThat(json(dup).get("detail").asText())
          .isEqualTo("Project \"nipreps/nipreps\" is already registered.");

      RawHttp.Response missing = server.admin("POST", "/v1/projects", "{}");
      assertThat(missing.status()).isEqualTo(400);
      assertThat(json(missing).get("detail").asText()).isEqualTo("Field \"name\" is required.");

      RawHttp.Response malformed = server.admin("POST", "/v1/projects", "{\"name\":");
      assertThat(malformed.status()).isEqualTo(400);
      assertThat(json(malformed).get("detail").asText()).startsWith("The body is not valid JSON: ");

      RawHttp.Response unknown =
          server.admin("POST", "/v1/projects/x/y/versions", "{\"version\":\"1.0\"}");
      assertThat(unknown.status()).isEqualTo(404);
      assertThat(json(unknown).get("detail").asText())
          .isEqualTo("Project \"x/y\" is not registered.");

      RawHttp.Response unknownVersion =
          server.admin(
              "PUT", "/v1/projects/nipreps/nipreps/versions/9.9.9/flag", "{\"reason\":\"bad\"}");
      assertThat(unknownVersion.status()).isEqualTo(404);
      assertThat(json(unknownVersion).get("detail").asText())
          .isEqualTo(
              "Version 9.9.9 of \"nipreps/nipreps\" is not registered; add it first with:"
                  + " upkeep version add nipreps/nipreps 9.9.9");

      RawHttp.Response noReason =
          server.admin("PUT", "/v1/projects/nipreps/nipreps/versions/1.0.0/flag", "{}");
      assertThat(noReason.status()).isEqualTo(400);
      assertThat(json(noReason).get("detail").asText()).isEqualTo("Field \"reason\" is required.");
    }
  }

  @Nested
  class Usage {
    @Test
    void badParameters() throws Exception {
      RawHttp.Response noFrom = server.admin("GET", "/v1/projects/nipreps/nipreps/usage", null);
      assertThat(noFrom.status()).isEqualTo(400);
      assertThat(json(noFrom).get("detail").asText())
          .isEqualTo("Query parameter \"from\" is required.");

      RawHttp.Response badDate =
          server.admin("GET", "/v1/projects/nipreps/nipreps/usage?from=yesterday", null);
      assertThat(badDate.status()).isEqualTo(400);
      assertThat(json(badDate).get("detail").asText())
          .isEqualTo(
              "Query parameter \"from\" must be YYYY-MM-DD or an ISO-8601 time such as"
                  + " 2024-02-01T00:00:00Z, was \"yesterday\".");

      RawHttp.Response badBy =
          server.admin("GET", "/v1/projects/nipreps/nipreps/usage?from=2020-01-01&by=os", null);
      assertThat(badBy.status()).isEqualTo(400);
      assertThat(json(badBy).get("detail").asText())
          .isEqualTo(
              "by must be one of day, version, platform, container, ci, status, language_version,"
                  + " error_type, version_error_type, was \"os\"");

      RawHttp.Response reversed =
          server.admin(
              "GET", "/v1/projects/nipreps/nipreps/usage?from=2020-01-02&to=2020-01-01", null);
      assertThat(reversed.status()).isEqualTo(400);
    }
  }

  RawHttp.Response get(String target, String token) throws IOException {
    return RawHttp.send(
        server.port(),
        "GET " + target + " HTTP/1.1",
        List.of("Authorization: Bearer " + token, "Connection: close"),
        new byte[0]);
  }

  @Test
  void rateLimitAnswers429WithRetryAfter(@TempDir Path other) throws Exception {
    try (RunningServer limited =
        RunningServer.start(other, b -> b.rateLimitEnabled(true).rateLimit(3))) {
      limited.register(PROJECT);
      for (int i = 0; i < 2; i++) {
        assertThat(
                RawHttp.post(limited.port(), "/api/breadcrumb", "application/json", CRUMB).status())
            .isEqualTo(202);
      }
      RawHttp.Response r =
          RawHttp.post(limited.port(), "/api/breadcrumb", "application/json", CRUMB);
      assertThat(r.status()).isEqualTo(429);
      assertThat(Long.parseLong(r.header("Retry-After"))).isBetween(1L, 60L);
      assertThat(RunningServer.JSON.readTree(r.body()).get("detail").asText())
          .startsWith("Too many requests from this address; retry in ");
    }
  }

  @Test
  void fullQueueAnswers503WithRetryAfter(@TempDir Path other) throws Exception {
    try (RunningServer small = RunningServer.start(other, b -> b.queueCapacity(1).maxBatch(1))) {
      small.register(PROJECT);
      RawHttp.Response r =
          RawHttp.post(
              small.port(),
              "/v1/events",
              "application/json",
              "[{\"project\":\"nipreps/nipreps\",\"version\":\"1\"},"
                  + "{\"project\":\"nipreps/nipreps\",\"version\":\"1\"}]");
      assertThat(r.status()).isEqualTo(503);
      assertThat(r.header("Retry-After")).isEqualTo("1");
      assertThat(RunningServer.JSON.readTree(r.body()).get("detail").asText())
          .isEqualTo("the ingest queue is full (0 of 1 events waiting); retry later.");
      assertThat(small.hits(PROJECT, false)).isZero();
    }
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
