package dev.upkeep.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upkeep.server.store.StoreException;
import dev.upkeep.server.store.fault.StorageUnavailableException;
import io.javalin.Javalin;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A route whose store is unavailable answers 503 with {@code Retry-After} and a message naming the
 * condition, however the exception reached {@link HttpErrors}: thrown, wrapped, or completing the
 * route's future; never 500, never the exception's text, no stack trace in the log.
 */
class StoreUnavailableAnswerIT {
  static final StorageUnavailableException UNREACHABLE =
      new StorageUnavailableException(
          "unreachable",
          "the store postgres:jdbc:postgresql://db/upkeep is unreachable (Connection refused)",
          null);

  final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
  final HttpClient http = HttpClient.newHttpClient();
  Javalin app;

  @BeforeEach
  void start() {
    app =
        Javalin.create(
                c -> {
                  c.startup.showJavalinBanner = false;
                  HttpErrors.install(c.routes, metrics);
                  c.routes.get(
                      "/thrown",
                      ctx -> {
                        throw UNREACHABLE;
                      });
                  c.routes.get(
                      "/wrapped",
                      ctx -> {
                        throw new StoreException("usage query failed", UNREACHABLE);
                      });
                  c.routes.get(
                      "/future",
                      ctx -> ctx.future(() -> CompletableFuture.failedFuture(UNREACHABLE)));
                })
            .start("127.0.0.1", 0);
  }

  @AfterEach
  void stop() {
    app.stop();
  }

  @Test
  void everyWayIsA503WithRetryAfterNamingTheCondition() throws Exception {
    try (LogCapture log = new LogCapture()) {
      for (String path : new String[] {"/thrown", "/wrapped", "/future"}) {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path).isEqualTo(503);
        assertThat(r.headers().firstValue("Retry-After")).as(path).contains("2");
        assertThat(r.body())
            .as(path)
            .isEqualTo(
                "{\"detail\":\"The collector's store is unavailable (unreachable); retry in 2"
                    + " s.\"}")
            .doesNotContain("postgresql");
      }
      assertThat(log.withStackTrace()).isEmpty();
    }
    assertThat(metrics.counter("upkeep.http.rejected", "reason", "storage_unavailable").count())
        .isEqualTo(3);
  }
}
