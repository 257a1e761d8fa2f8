package dev.upkeep.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upkeep.server.store.Visibility;
import dev.upkeep.server.testing.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One rule on every protocol that reads usage (issue 18): a counts-public project's hits and users
 * answer anyone — migas {@code get_usage} and {@code get_projects}, {@code /v1/.../usage}, the
 * view, both badges — and a private project's answer only a token that reads it, telling anyone
 * else nothing about it (migas' untracked shape, absent from {@code get_projects}, 401).
 */
class VisibilityIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String OPEN = "nipreps/fmriprep";
  private static final String CLOSED = "acme/secret";
  private static final String FROM = "2026-02-01";

  @TempDir Path dir;
  private TestServer server;
  private String master;

  private void start(Visibility defaultVisibility) throws Exception {
    server =
        TestServer.start(dir, Duration.ofHours(1), b -> b.defaultVisibility(defaultVisibility));
    master = server.server.initialMasterToken().orElseThrow();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  /** Registers both projects through the API, sends 3 users' breadcrumbs to each, badges on. */
  private void twoProjects(String closedVisibility) throws Exception {
    assertThat(register(OPEN, null).statusCode()).isEqualTo(201);
    HttpResponse<String> closed = register(CLOSED, closedVisibility);
    assertThat(closed.statusCode()).as(closed.body()).isEqualTo(201);
    assertThat(JSON.readTree(closed.body()).get("visibility").asText()).isEqualTo("private");
    for (String project : List.of(OPEN, CLOSED)) {
      List<String> events = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        events.add(
            "{\"project\":\""
                + project
                + "\",\"version\":\"1.0.0\",\"user_id\":\"u"
                + i
                + "\",\"timestamp\":\""
                + TestServer.START.minus(Duration.ofDays(2))
                + "\"}");
      }
      HttpResponse<String> r =
          server.post("/v1/events", "application/json", "[" + String.join(",", events) + "]");
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      assertThat(
              server
                  .putJson(
                      "/v1/projects/" + project + "/badge",
                      "{\"enabled\":true}",
                      "Authorization",
                      "Bearer " + master)
                  .statusCode())
          .isEqualTo(200);
    }
  }

  private HttpResponse<String> register(String name, String visibility) throws Exception {
    String body =
        "{\"name\":\""
            + name
            + "\""
            + (visibility == null ? "" : ",\"visibility\":\"" + visibility + "\"")
            + "}";
    return server.post(
        "/v1/projects", "application/json", body, "Authorization", "Bearer " + master);
  }

  private JsonNode graphql(String document, String... headers) throws Exception {
    HttpResponse<String> r =
        server.post(
            "/graphql",
            "application/json",
            JSON.writeValueAsString(java.util.Map.of("query", document)),
            headers);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private JsonNode getUsage(String project, String... headers) throws Exception {
    return graphql(
            "query{get_usage(project:\""
                + project
                + "\",start:\""
                + FROM
                + "\",end:\"2026-03-01T00:00:00Z\",unique:true)}",
            headers)
        .at("/data/get_usage");
  }

  private List<String> getProjects(String... headers) throws Exception {
    List<String> names = new ArrayList<>();
    graphql("query{get_projects}", headers)
        .at("/data/get_projects")
        .forEach(n -> names.add(n.asText()));
    return names;
  }

  private static String[] bearer(String token) {
    return new String[] {"Authorization", "Bearer " + token};
  }

  @Test
  void countsPublicAnswersAnyoneAndPrivateOnlyItsTokensOnEveryProtocol() throws Exception {
    start(Visibility.COUNTS_PUBLIC);
    twoProjects("private");
    String closedToken = server.issueToken(CLOSED, null);
    String openToken = server.issueToken(OPEN, null);

    // migas GraphQL: anyone reads the public project, as migas-server answers anyone
    assertThat(getUsage(OPEN).toString())
        .isEqualTo("{\"hits\":3,\"message\":\"\",\"unique\":true,\"success\":true}");
    // the private one is answered as untracked, in migas' own shape: its presence is not told
    JsonNode anonymous = getUsage(CLOSED);
    assertThat(anonymous.toString())
        .isEqualTo(
            "{\"hits\":0,\"message\":\"Project \\\""
                + CLOSED
                + "\\\" is not being tracked\",\"unique\":false,\"success\":false}");
    assertThat(getUsage("nobody/nothing").toString())
        .isEqualTo(anonymous.toString().replace(CLOSED, "nobody/nothing"));
    assertThat(getUsage(CLOSED, bearer(openToken))).isEqualTo(anonymous);
    assertThat(getUsage(CLOSED, bearer("u_unknown"))).isEqualTo(anonymous);
    assertThat(getUsage(CLOSED, bearer(closedToken)).get("hits").asLong()).isEqualTo(3);
    assertThat(getUsage(CLOSED, bearer(master)).get("hits").asLong()).isEqualTo(3);
    assertThat(getProjects()).containsExactly(OPEN);
    assertThat(getProjects(bearer(openToken))).containsExactly(OPEN);
    assertThat(getProjects(bearer(closedToken))).containsExactly(CLOSED, OPEN);
    assertThat(getProjects(bearer(master))).containsExactly(CLOSED, OPEN);

    // /v1 usage: counts (hits, users, per day) of the public project answer anyone
    String open = "/v1/projects/" + OPEN + "/usage?from=" + FROM;
    String closed = "/v1/projects/" + CLOSED + "/usage?from=" + FROM;
    for (String q : List.of("", "&metric=users", "&metric=hits&by=day", "&unique=true")) {
      HttpResponse<String> r = server.get(open + q);
      assertThat(r.statusCode()).as(q + ": " + r.body()).isEqualTo(200);
    }
    assertThat(JSON.readTree(server.get(open + "&metric=users").body()).get("hits").asLong())
        .isEqualTo(3);
    // a token that is unknown or revoked is told so, even where none is needed
    assertThat(server.get(open, bearer("m_unknown")).statusCode()).isEqualTo(401);
    assertThat(server.get(open, bearer(closedToken)).statusCode()).isEqualTo(200);
    // ... but breakdowns and runs still need a token
    for (String q : List.of("&metric=users&by=version", "&metric=runs", "&by=platform&over=day")) {
      assertThat(server.get(open + q).statusCode()).as(q).isEqualTo(401);
      assertThat(server.get(open + q, bearer(openToken)).statusCode()).as(q).isEqualTo(200);
    }
    // the private one: 401 without a token, as for a project that does not exist; 403 for
    // another project's token; 200 for its own and the master token
    HttpResponse<String> refused = server.get(closed + "&metric=users");
    assertThat(refused.statusCode()).isEqualTo(401);
    HttpResponse<String> unknown = server.get("/v1/projects/nobody/nothing/usage?from=" + FROM);
    assertThat(unknown.statusCode()).isEqualTo(401);
    assertThat(unknown.body()).isEqualTo(refused.body());
    assertThat(server.get(closed, bearer(openToken)).statusCode()).isEqualTo(403);
    assertThat(server.get(closed + "&metric=users", bearer(closedToken)).body())
        .contains("\"hits\":3");
    assertThat(server.get(closed, bearer(master)).statusCode()).isEqualTo(200);

    // the view: as /usage, question by question
    String view = "/usage/view?from=" + FROM + "&q=a:metric=users&q=b:metric=hits,by=day";
    assertThat(server.get("/v1/projects/" + OPEN + view).statusCode()).isEqualTo(200);
    assertThat(server.get("/v1/projects/" + CLOSED + view).statusCode()).isEqualTo(401);
    assertThat(server.get("/v1/projects/" + CLOSED + view, bearer(closedToken)).statusCode())
        .isEqualTo(200);

    // both badges: public ones cacheable by anyone; a private one only with a token, and then
    // only by the browser that asked
    for (String badge : List.of("users.svg", "downloads.svg")) {
      HttpResponse<String> pub = server.get("/badge/" + OPEN + "/" + badge);
      assertThat(pub.statusCode()).as(badge).isEqualTo(200);
      assertThat(pub.headers().firstValue("Cache-Control")).hasValue("public, max-age=900");
      assertThat(server.get("/badge/" + CLOSED + "/" + badge).statusCode()).isEqualTo(401);
      assertThat(server.get("/badge/" + CLOSED + "/" + badge, bearer(openToken)).statusCode())
          .isEqualTo(403);
      HttpResponse<String> own = server.get("/badge/" + CLOSED + "/" + badge, bearer(closedToken));
      assertThat(own.statusCode()).isEqualTo(200);
      assertThat(own.headers().firstValue("Cache-Control")).hasValue("private, max-age=900");
    }
    assertThat(server.get("/badge/" + CLOSED + "/users.svg", bearer(closedToken)).body())
        .contains("users: 3/month");
  }

  @Test
  void switchingAProjectAppliesAtOnceOnEveryProtocol() throws Exception {
    start(Visibility.COUNTS_PUBLIC);
    twoProjects("private");
    String usage = "/v1/projects/" + OPEN + "/usage?from=" + FROM;
    assertThat(server.get(usage).statusCode()).isEqualTo(200);

    HttpResponse<String> set =
        server.putJson(
            "/v1/projects/" + OPEN + "/visibility", "{\"visibility\":\"private\"}", bearer(master));
    assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
    assertThat(server.get(usage).statusCode()).isEqualTo(401);
    assertThat(getUsage(OPEN).get("success").asBoolean()).isFalse();
    assertThat(getProjects()).isEmpty();
    assertThat(server.get("/badge/" + OPEN + "/users.svg").statusCode()).isEqualTo(401);

    server.putJson(
        "/v1/projects/" + CLOSED + "/visibility",
        "{\"visibility\":\"counts-public\"}",
        bearer(master));
    assertThat(getProjects()).containsExactly(CLOSED);
    assertThat(getUsage(CLOSED).get("hits").asLong()).isEqualTo(3);
  }

  @Test
  void theCollectorsDefaultVisibilityIsWhatNewProjectsStartWith() throws Exception {
    start(Visibility.PRIVATE);
    twoProjects(null);
    // both registered without a visibility: both private
    assertThat(getProjects()).isEmpty();
    assertThat(getProjects(bearer(master))).containsExactly(CLOSED, OPEN);
    assertThat(server.get("/v1/projects/" + OPEN + "/usage?from=" + FROM).statusCode())
        .isEqualTo(401);
    JsonNode listed = JSON.readTree(server.get("/v1/projects", bearer(master)).body());
    assertThat(listed.findValuesAsText("visibility")).containsExactly("private", "private");
    // a project registered as counts-public is
    assertThat(register("open/anyway", "counts-public").statusCode()).isEqualTo(201);
    assertThat(getProjects()).containsExactly("open/anyway");
    // and a visibility that is neither is refused, naming it
    HttpResponse<String> bad = register("bad/visibility", "public");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("visibility must be counts-public or private, was 'public'");
  }
}
