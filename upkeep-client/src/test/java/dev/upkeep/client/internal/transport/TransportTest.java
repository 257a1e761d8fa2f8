package dev.upkeep.client.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upkeep.client.internal.LocalHttpServer;
import dev.upkeep.client.internal.LocalHttpServer.Reply;
import dev.upkeep.protocol.EventBatch;
import dev.upkeep.protocol.Json;
import dev.upkeep.protocol.WireEvent;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TransportTest {
  private LocalHttpServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static Http http() {
    return new Http(new Proxies(Map.of(), name -> null), 1_000, 1_000, "upkeep-client/test");
  }

  private static WireEvent event(String id, String status) {
    return WireEvent.builder()
        .id(id)
        .project("owner/app")
        .version("1.2.3")
        .timestamp(Instant.parse("2026-11-21T10:00:00Z"))
        .language("java")
        .languageVersion("17.0.2")
        .userId("3571e622-beaf-3c5e-b094-65f5809f8c1f")
        .sessionId("5b3b4b0e-8a0e-4e55-9d5c-1d1f0f0a9c11")
        .platform("linux")
        .container("podman")
        .status(status)
        .build();
  }

  private static List<WireEvent> threeEvents() {
    return List.of(event("e-1", "R"), event("e-2", "R"), event("e-3", "C"));
  }

  private static List<String> keys(Object map) {
    return ((Map<?, ?>) map).keySet().stream().map(String::valueOf).collect(Collectors.toList());
  }

  private static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  // --- Upkeep protocol ---

  @Test
  void upkeepPostsTheWholeBatchAsOneJsonArray() throws IOException {
    server = LocalHttpServer.answering(200, "{\"received\":3,\"stored\":3}");
    UpkeepTransport t = new UpkeepTransport(http(), URI.create(server.url()), Clock.systemUTC());

    Transport.Outcome o = t.send(threeEvents());

    assertThat(o.retry).isFalse();
    assertThat(o.refused).isZero();
    assertThat(o.delivered()).isEqualTo(3);
    assertThat(server.requests()).hasSize(1);
    LocalHttpServer.Request r = server.requests().get(0);
    assertThat(r.method).isEqualTo("POST");
    assertThat(r.target).isEqualTo("/v1/events");
    assertThat(r.header("Content-Type")).isEqualTo("application/json");
    assertThat(r.body).startsWith("[").endsWith("]");
    List<WireEvent> decoded = EventBatch.decode(r.body);
    assertThat(decoded).isEqualTo(threeEvents());
    assertThat(decoded.stream().map(WireEvent::id).collect(Collectors.toList()))
        .containsExactly("e-1", "e-2", "e-3");
  }

  @Test
  void upkeepEndpointWithAPathKeepsIt() throws IOException {
    server = LocalHttpServer.answering(202, "");
    UpkeepTransport t =
        new UpkeepTransport(http(), URI.create(server.url() + "/upkeep"), Clock.systemUTC());

    assertThat(t.send(threeEvents()).retry).isFalse();

    assertThat(server.requests().get(0).target).isEqualTo("/upkeep/v1/events");
  }

  @Test
  void upkeep429IsRetryWithRetryAfter() throws IOException {
    server =
        LocalHttpServer.start(
            r -> Reply.of(429, "{\"detail\":\"slow\"}").header("Retry-After", "5"));
    UpkeepTransport t = new UpkeepTransport(http(), URI.create(server.url()), Clock.systemUTC());

    Transport.Outcome o = t.send(threeEvents());

    assertThat(o.retry).isTrue();
    assertThat(o.delivered()).isZero();
    assertThat(o.retryAfterMillis).isEqualTo(5_000);
    assertThat(o.reason).isEqualTo("HTTP 429");
  }

  @Test
  void upkeep503IsRetryWithRetryAfter() throws IOException {
    server = LocalHttpServer.start(r -> Reply.of(503, "").header("Retry-After", "2"));
    UpkeepTransport t = new UpkeepTransport(http(), URI.create(server.url()), Clock.systemUTC());

    Transport.Outcome o = t.send(threeEvents());

    assertThat(o.retry).isTrue();
    assertThat(o.retryAfterMillis).isEqualTo(2_000);
    assertThat(o.reason).isEqualTo("HTTP 503");
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 422})
  void upkeepClientErrorIsRejectedWithTheServersReason(int status) throws IOException {
    server = LocalHttpServer.answering(status, "{\"detail\":\"events[0].project: required\"}");
    UpkeepTransport t = new UpkeepTransport(http(), URI.create(server.url()), Clock.systemUTC());

    Transport.Outcome o = t.send(threeEvents());

    assertThat(o.retry).isFalse();
    assertThat(o.refused).isEqualTo(3);
    assertThat(o.delivered()).isZero();
    assertThat(o.reason)
        .isEqualTo("HTTP " + status + ": {\"detail\":\"events[0].project: required\"}");
  }

  @Test
  void upkeepRefusedConnectionIsRetry() throws IOException {
    UpkeepTransport t =
        new UpkeepTransport(
            http(), URI.create("http://127.0.0.1:" + closedPort()), Clock.systemUTC());

    Transport.Outcome o = t.send(threeEvents());

    assertThat(o.retry).isTrue();
    assertThat(o.delivered()).isZero();
    assertThat(o.retryAfterMillis).isZero();
    assertThat(o.reason).contains("ConnectException");
  }

  // --- migas protocol ---

  @Test
  void migasPostsOneBreadcrumbPerEventWithMigasKeysInOrder() throws IOException {
    server = LocalHttpServer.answering(202, "{\"success\":true,\"message\":\"\"}");
    MigasTransport t = new MigasTransport(http(), URI.create(server.url()));
    WireEvent failed =
        event("e-9", "F").toBuilder()
            .statusDesc("Errored")
            .errorType("java.lang.IllegalStateException")
            .errorDesc("disk full")
            .build();

    Transport.Outcome o = t.send(List.of(failed, failed, failed));

    assertThat(o.retry).isFalse();
    assertThat(o.refused).isZero();
    assertThat(o.delivered()).isEqualTo(3);
    assertThat(server.requests()).hasSize(3);
    for (LocalHttpServer.Request r : server.requests()) {
      assertThat(r.method).isEqualTo("POST");
      assertThat(r.target).isEqualTo("/api/breadcrumb");
      assertThat(r.header("Content-Type")).isEqualTo("application/json");
    }
    Map<?, ?> body = (Map<?, ?>) Json.parse(server.requests().get(0).body);
    assertThat(keys(body))
        .containsExactly(
            "project", "project_version", "language", "language_version", "ctx", "proc");
    assertThat(body.get("project")).isEqualTo("owner/app");
    assertThat(body.get("project_version")).isEqualTo("1.2.3");
    assertThat(body.get("language")).isEqualTo("java");
    assertThat(body.get("language_version")).isEqualTo("17.0.2");
    Map<?, ?> ctx = (Map<?, ?>) body.get("ctx");
    assertThat(keys(ctx))
        .containsExactly("user_id", "session_id", "user_type", "platform", "container", "is_ci");
    assertThat(ctx.get("user_id")).isEqualTo("3571e622-beaf-3c5e-b094-65f5809f8c1f");
    assertThat(ctx.get("session_id")).isEqualTo("5b3b4b0e-8a0e-4e55-9d5c-1d1f0f0a9c11");
    assertThat(ctx.get("user_type")).isEqualTo("general");
    assertThat(ctx.get("platform")).isEqualTo("linux");
    assertThat(ctx.get("container")).isEqualTo("docker");
    assertThat(ctx.get("is_ci")).isEqualTo(false);
    Map<?, ?> proc = (Map<?, ?>) body.get("proc");
    assertThat(keys(proc)).containsExactly("status", "status_desc", "error_type", "error_desc");
    assertThat(proc.get("status")).isEqualTo("F");
    assertThat(proc.get("status_desc")).isEqualTo("Errored");
    assertThat(proc.get("error_type")).isEqualTo("java.lang.IllegalStateException");
    assertThat(proc.get("error_desc")).isEqualTo("disk full");
    assertThat(server.requests().get(0).body).doesNotContain("\"id\"").doesNotContain("e-9");
  }

  @Test
  void migasContainersAreMappedToWhatMigasKnows() {
    assertThat(MigasTransport.migasContainer("docker")).isEqualTo("docker");
    assertThat(MigasTransport.migasContainer("podman")).isEqualTo("docker");
    assertThat(MigasTransport.migasContainer("apptainer")).isEqualTo("apptainer");
    assertThat(MigasTransport.migasContainer("kubernetes")).isEqualTo("unknown");
    assertThat(MigasTransport.migasContainer("unknown")).isEqualTo("unknown");
  }

  @Test
  void migasReturnsTheDeliveredPrefixWhenTheSecondOfThreeFails() throws IOException {
    AtomicInteger n = new AtomicInteger();
    server =
        LocalHttpServer.start(
            r ->
                n.incrementAndGet() == 2
                    ? Reply.of(503, "").header("Retry-After", "3")
                    : Reply.of(202, "{\"success\":true}"));
    MigasTransport t = new MigasTransport(http(), URI.create(server.url()));

    Transport.Outcome o = t.send(threeEvents());

    assertThat(o.retry).isTrue();
    assertThat(o.delivered()).isEqualTo(1);
    assertThat(o.retryAfterMillis).isEqualTo(3_000);
    assertThat(server.requests()).hasSize(2);
  }

  @Test
  void migasRejectionDropsOnlyTheRefusedEvent() throws IOException {
    AtomicInteger n = new AtomicInteger();
    server =
        LocalHttpServer.start(
            r ->
                n.incrementAndGet() == 2
                    ? Reply.of(400, "{\"detail\":\"Project is not registered.\"}")
                    : Reply.of(202, "{\"success\":true}"));
    MigasTransport t = new MigasTransport(http(), URI.create(server.url()));

    Transport.Outcome o = t.send(threeEvents());

    // The refused event is dropped; the events after it are still sent.
    assertThat(o.retry).isFalse();
    assertThat(o.processed).isEqualTo(3);
    assertThat(o.refused).isEqualTo(1);
    assertThat(o.delivered()).isEqualTo(2);
    assertThat(o.reason).isEqualTo("HTTP 400: {\"detail\":\"Project is not registered.\"}");
    assertThat(server.requests()).hasSize(3);
  }

  @Test
  void migasGraphqlEndpointPostsToTheRestRoute() throws IOException {
    server = LocalHttpServer.answering(202, "{\"success\":true}");
    MigasTransport t = new MigasTransport(http(), URI.create(server.url() + "/graphql"));

    t.send(List.of(event("e-1", "R")));

    assertThat(server.requests().get(0).target).isEqualTo("/api/breadcrumb");
  }

  @Test
  void migasRefusedConnectionIsRetryWithNothingDelivered() throws IOException {
    MigasTransport t = new MigasTransport(http(), URI.create("http://127.0.0.1:" + closedPort()));

    Transport.Outcome o = t.send(threeEvents());

    assertThat(o.retry).isTrue();
    assertThat(o.delivered()).isZero();
  }

  @Test
  void migasOmitsAbsentFieldsAsMigasPyDoes() {
    WireEvent bare = WireEvent.builder().project("owner/app").version("1.0.0").build();

    Map<String, Object> body = MigasTransport.body(bare);

    assertThat(Json.write(body)).doesNotContain("null");
    assertThat(keys(body.get("proc"))).containsExactly("status");
    assertThat(keys(body.get("ctx")))
        .containsExactly("user_type", "platform", "container", "is_ci");
  }

  // --- Endpoints ---

  @Test
  void endpointBaseStripsATrailingGraphqlAndEndsWithASlash() {
    assertThat(Endpoints.base(URI.create("https://migas.example.org/graphql")))
        .isEqualTo(URI.create("https://migas.example.org/"));
    assertThat(Endpoints.base(URI.create("https://migas.example.org/prefix/graphql")))
        .isEqualTo(URI.create("https://migas.example.org/prefix/"));
    assertThat(Endpoints.base(URI.create("https://upkeep.example.org")))
        .isEqualTo(URI.create("https://upkeep.example.org/"));
    assertThat(Endpoints.base(URI.create("https://upkeep.example.org/")))
        .isEqualTo(URI.create("https://upkeep.example.org/"));
    assertThat(Endpoints.base(URI.create("https://upkeep.example.org/api")))
        .isEqualTo(URI.create("https://upkeep.example.org/api/"));
  }

  @Test
  void endpointResolvesPathsUnderTheBase() {
    assertThat(Endpoints.resolve(URI.create("https://migas.example.org/graphql"), "api/breadcrumb"))
        .isEqualTo(URI.create("https://migas.example.org/api/breadcrumb"));
    assertThat(Endpoints.resolve(URI.create("http://127.0.0.1:8080/upkeep"), "v1/events"))
        .isEqualTo(URI.create("http://127.0.0.1:8080/upkeep/v1/events"));
  }
}
