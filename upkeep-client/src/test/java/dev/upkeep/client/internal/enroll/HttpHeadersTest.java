package dev.upkeep.client.internal.enroll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.upkeep.client.internal.LocalHttpServer;
import dev.upkeep.client.internal.transport.Http;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link Http#exchange(String, java.net.URI, String, byte[], Map)}: extra request headers. */
class HttpHeadersTest {
  private LocalHttpServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void extraHeadersAreSentAndReplaceDefaults() throws IOException {
    server = LocalHttpServer.answering(200, "{\"stored\":1}");

    Http.Response r =
        OAuthClientTest.http()
            .exchange(
                "POST",
                server.uri("/v1/events"),
                "application/json",
                "[]".getBytes(StandardCharsets.UTF_8),
                Map.of("Authorization", "Bearer ua_abc", "Accept", "application/problem+json"));

    assertThat(r.status).isEqualTo(200);
    LocalHttpServer.Request got = server.requests().get(0);
    assertThat(got.header("Authorization")).isEqualTo("Bearer ua_abc");
    assertThat(got.header("Accept")).isEqualTo("application/problem+json");
    assertThat(got.header("Content-Type")).isEqualTo("application/json");
    assertThat(got.header("User-Agent")).isEqualTo("upkeep-client/test");
  }

  @Test
  void headerInjectionIsRefusedBeforeAnythingIsSent() throws IOException {
    server = LocalHttpServer.answering(200, "{}");
    Http http = OAuthClientTest.http();

    assertThatThrownBy(
            () ->
                http.exchange(
                    "GET",
                    server.uri("/"),
                    null,
                    null,
                    Map.of("Authorization", "Bearer x\r\nX-Evil: 1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Authorization");
    assertThat(server.connections()).isZero();
  }
}
