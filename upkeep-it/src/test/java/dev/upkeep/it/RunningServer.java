package dev.upkeep.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upkeep.server.ServerConfig;
import dev.upkeep.server.ServerConfigBuilder;
import dev.upkeep.server.UpkeepServer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.function.UnaryOperator;

/** A real collector on an ephemeral port over a fresh SQLite file, with its master token. */
final class RunningServer implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  final UpkeepServer server;
  final String masterToken;

  private RunningServer(UpkeepServer server) {
    this.server = server;
    this.masterToken = server.initialMasterToken().orElse(null); // null on a restart
  }

  /** Starts a server in {@code dir} with the rate limit off, after {@code tweak}. */
  static RunningServer start(Path dir, UnaryOperator<ServerConfigBuilder> tweak) {
    return start(dir, Clock.systemUTC(), tweak);
  }

  static RunningServer start(Path dir) {
    return start(dir, b -> b);
  }

  /** As {@link #start(Path, UnaryOperator)}, on {@code clock} (tests shift it to expire codes). */
  static RunningServer start(Path dir, Clock clock, UnaryOperator<ServerConfigBuilder> tweak) {
    ServerConfigBuilder b =
        ServerConfig.builder().host("127.0.0.1").port(0).dataDir(dir).rateLimitEnabled(false);
    return new RunningServer(UpkeepServer.start(tweak.apply(b).build(), clock));
  }

  int port() {
    return server.port();
  }

  String url() {
    return "http://127.0.0.1:" + port();
  }

  /** POSTs JSON with the master token. */
  RawHttp.Response admin(String method, String target, String json) throws IOException {
    byte[] body =
        json == null ? new byte[0] : json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return RawHttp.send(
        port(),
        method + " " + target + " HTTP/1.1",
        List.of(
            "Authorization: Bearer " + masterToken,
            "Content-Type: application/json",
            "Content-Length: " + body.length,
            "Connection: close"),
        body);
  }

  /** Registers a project and versions through the admin API. */
  void register(String project, String... versions) throws IOException {
    RawHttp.Response r = admin("POST", "/v1/projects", "{\"name\":\"" + project + "\"}");
    if (r.status() != 201) {
      throw new IllegalStateException("register " + project + ": " + r);
    }
    for (String v : versions) {
      admin("POST", "/v1/projects/" + project + "/versions", "{\"version\":\"" + v + "\"}");
    }
  }

  /** Runs a GraphQL document as migas-py does and returns the parsed body. */
  JsonNode graphql(String document) throws IOException {
    RawHttp.Response r =
        RawHttp.post(
            port(),
            "/graphql",
            "application/json; charset=utf-8",
            JSON.writeValueAsString(java.util.Map.of("query", document)));
    return JSON.readTree(r.body());
  }

  /** migas get_usage hits of a project since 2000-01-01. */
  long hits(String project, boolean unique) throws IOException {
    return graphql(
            "query{get_usage(project:\""
                + project
                + "\",start:\"2000-01-01\",unique:"
                + unique
                + ")}")
        .at("/data/get_usage/hits")
        .asLong();
  }

  @Override
  public void close() {
    server.close();
  }
}
