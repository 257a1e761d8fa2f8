package dev.upkeep.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upkeep.server.store.TokenRecord;
import dev.upkeep.server.testing.FakeSourceServer;
import dev.upkeep.server.testing.GitHubFixtures;
import dev.upkeep.server.testing.PostgresSchema;
import dev.upkeep.server.testing.TestServer;
import dev.upkeep.server.versions.sources.SourceSettings;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two collectors on one PostgreSQL database (issue 15), started at the same moment: one master
 * token between them, and what one changes (a flag, an ingest key, a release source and its
 * snapshot) seen by the other within {@link #SOON}, though the other's caches would keep it for
 * minutes. Each collector's clock stands still unless the test moves it, so no TTL expires by
 * itself: only the change log makes the second collector see the change.
 */
class SharedDatabaseIT {
  static final String PROJECT = "acme/tool";
  static final ObjectMapper JSON = new ObjectMapper();

  /** The staleness the documentation promises: about a second, two at most. */
  static final Duration SOON = Duration.ofSeconds(2);

  @TempDir Path dataA;
  @TempDir Path dataB;
  PostgresSchema schema;
  FakeSourceServer github;
  TestServer a;
  TestServer b;
  String master;

  @BeforeEach
  void startTwoCollectorsAtOnce() throws Exception {
    schema = PostgresSchema.create();
    github = FakeSourceServer.start();
    GitHubFixtures.serveAcmeTool(github, PROJECT);
    CountDownLatch go = new CountDownLatch(1);
    CompletableFuture<TestServer> first = CompletableFuture.supplyAsync(() -> start(dataA, go));
    CompletableFuture<TestServer> second = CompletableFuture.supplyAsync(() -> start(dataB, go));
    go.countDown();
    a = first.get();
    b = second.get();
    Optional<String> fromA = a.server.initialMasterToken();
    Optional<String> fromB = b.server.initialMasterToken();
    assertThat(fromA.isPresent() ^ fromB.isPresent())
        .as("exactly one collector makes the master token: %s, %s", fromA, fromB)
        .isTrue();
    master = "Bearer " + fromA.or(() -> fromB).orElseThrow();
    a.register(PROJECT);
  }

  private TestServer start(Path data, CountDownLatch go) {
    try {
      go.await();
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
    return TestServer.start(
        data,
        Duration.ofHours(1),
        c ->
            c.databaseUrl(schema.url)
                .versionSources(
                    SourceSettings.defaults()
                        .withGithubApiUrl(github.url().toString())
                        .withFirstFetchWait(Duration.ofSeconds(10))));
  }

  @AfterEach
  void stop() throws Exception {
    try {
      for (TestServer s : new TestServer[] {a, b}) {
        if (s != null) {
          s.close();
        }
      }
      if (github != null) {
        github.close();
      }
    } finally {
      if (schema != null) {
        schema.close();
      }
    }
  }

  @RepeatedTest(3)
  void collectorsStartingAtOnceMakeOneMasterTokenAndBothAcceptIt() throws Exception {
    assertThat(a.server.store().tokens().list())
        .singleElement()
        .extracting(TokenRecord::kind)
        .isEqualTo(TokenRecord.TokenKind.MASTER);
    assertThat(a.get("/v1/tokens", "Authorization", master).statusCode()).isEqualTo(200);
    assertThat(b.get("/v1/tokens", "Authorization", master).statusCode()).isEqualTo(200);
  }

  @Test
  void aFlagSetOnOneCollectorIsToldByTheOtherWithinAboutASecond() throws Exception {
    assertThat(send(a, "POST", "/versions", "{\"version\":\"1.0.0\"}").statusCode()).isEqualTo(201);
    assertThat(check(b, "1.0.0").get("flagged").asBoolean()).isFalse(); // now in b's cache

    send(a, "PUT", "/versions/1.0.0/flag", "{\"reason\":\"Corrupts indexes\"}");

    await().atMost(SOON).until(() -> check(b, "1.0.0").get("flagged").asBoolean());
    assertThat(check(b, "1.0.0").get("message").asText()).contains("Corrupts indexes");

    send(a, "DELETE", "/versions/1.0.0/flag", null);
    await().atMost(SOON).until(() -> !check(b, "1.0.0").get("flagged").asBoolean());
  }

  @Test
  void anIngestKeySetOnOneCollectorIsRequiredByTheOtherWithinAboutASecond() throws Exception {
    assertThat(stored(b, null)).isEqualTo(1); // b now knows the project has no key

    HttpResponse<String> rotated = send(a, "POST", "/ingest-key", "");
    String key = JSON.readTree(rotated.body()).get("ingest_key").asText();

    await().atMost(SOON).until(() -> stored(b, null) == 0);
    assertThat(stored(b, key)).isEqualTo(1);

    send(a, "DELETE", "/ingest-key", null);
    await().atMost(SOON).until(() -> stored(b, null) == 1);
  }

  @Test
  void aUserForgottenOnOneCollectorIsNewToTheOtherWithinAboutASecond() throws Exception {
    sendAs(b, "ann"); // b caches ann's ordinal and the day's bitmap with it
    sendAs(b, "bob");
    assertThat(users(b)).isEqualTo(2);

    HttpResponse<String> forgot = a.delete("/v1/users/ann", "Authorization", master);
    assertThat(forgot.statusCode()).as(forgot.body()).isEqualTo(200);
    assertThat(users(b)).isEqualTo(1);
    Thread.sleep(SOON.toMillis()); // b's change watcher tells it, within about a second
    sendAs(b, "ann");

    assertThat(users(b)).as("ann is back, counted once").isEqualTo(2);
    assertThat(users(a)).isEqualTo(2);
    try (Connection c = DriverManager.getConnection(schema.url);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT COUNT(*) FROM events e LEFT JOIN users u ON u.project_id = e.project_id"
                    + " AND u.user_id = e.user_id WHERE e.user_id IS NOT NULL"
                    + " AND (u.ordinal IS NULL OR u.ordinal <> e.user_ordinal)")) {
      rs.next();
      assertThat(rs.getLong(1)).as("events whose ordinal is not their user's").isZero();
    }
  }

  private void sendAs(TestServer s, String user) throws Exception {
    HttpResponse<String> r =
        s.post(
            "/v1/events",
            "application/json",
            "[{\"project\":\""
                + PROJECT
                + "\",\"version\":\"1.0.0\",\"user_id\":\""
                + user
                + "\"}]");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  private long users(TestServer s) throws Exception {
    HttpResponse<String> r =
        s.get(
            "/v1/projects/" + PROJECT + "/usage?from=2026-01-01&metric=users",
            "Authorization",
            master);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body()).get("hits").asLong();
  }

  @Test
  void aSourceAddedOnOneCollectorIsFetchedOnceForBothAndItsRefreshIsShared() throws Exception {
    assertThat(sources(b)).isEmpty(); // b has read the project's (empty) list of sources
    HttpResponse<String> added =
        send(a, "POST", "/sources", "{\"kind\":\"github\",\"reference\":\"" + PROJECT + "\"}");
    assertThat(added.statusCode()).isEqualTo(201);

    assertThat(check(a, "2.0.0").get("latest").asText()).isEqualTo("2.0.1");
    await().atMost(SOON).until(() -> sources(b).size() == 1);
    JsonNode fromB = check(b, "2.0.0");
    assertThat(fromB.get("latest").asText()).isEqualTo("2.0.1");
    assertThat(fromB.get("flagged").asBoolean()).isTrue();
    assertThat(github.totalHits()).as("one fetch: releases, tags, .migas.json").isEqualTo(3);

    Duration stale = SourceSettings.DEFAULT_TTL.plusSeconds(1);
    a.clock.advance(stale);
    b.clock.advance(stale);
    check(a, "2.0.0"); // stale: answered at once, refreshed in the background
    await().atMost(SOON).until(() -> github.totalHits() == 6);
    await().atMost(SOON).until(() -> "fresh".equals(sources(b).get(0).get("state").asText()));
    check(b, "2.0.0");
    assertThat(github.totalHits()).as("b took a's new snapshot instead of fetching").isEqualTo(6);

    send(a, "DELETE", "/sources/github", null);
    await().atMost(SOON).until(() -> sources(b).isEmpty());
  }

  private HttpResponse<String> send(TestServer s, String method, String path, String body)
      throws Exception {
    String url = "/v1/projects/" + PROJECT + path;
    return switch (method) {
      case "POST" -> s.post(url, "application/json", body, "Authorization", master);
      case "PUT" -> s.putJson(url, body, "Authorization", master);
      case "DELETE" -> s.delete(url, "Authorization", master);
      default -> throw new IllegalArgumentException(method);
    };
  }

  private JsonNode check(TestServer s, String version) throws Exception {
    HttpResponse<String> r = s.get("/v1/projects/" + PROJECT + "/check?version=" + version);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  /** The release sources a collector lists (the manual registry left out). */
  private List<JsonNode> sources(TestServer s) throws Exception {
    HttpResponse<String> r = s.get("/v1/projects/" + PROJECT + "/sources", "Authorization", master);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    List<JsonNode> out = new java.util.ArrayList<>();
    JSON.readTree(r.body()).get("sources").forEach(out::add);
    out.removeIf(n -> n.get("kind").asText().equals("manual"));
    return out;
  }

  /** How many of one event sent to a collector it stored, with an ingest key or without. */
  private int stored(TestServer s, String key) throws Exception {
    String event =
        "[{\"id\":\""
            + java.util.UUID.randomUUID()
            + "\",\"project\":\""
            + PROJECT
            + "\",\"version\":\"1.0.0\"}]";
    HttpResponse<String> r =
        key == null
            ? s.post("/v1/events", "application/json", event)
            : s.post("/v1/events", "application/json", event, "X-Upkeep-Ingest-Key", key);
    if (r.statusCode() == 400 && r.body().contains("ingest key")) {
      return 0; // every event of the request refused
    }
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body()).get("stored").asInt();
  }
}
