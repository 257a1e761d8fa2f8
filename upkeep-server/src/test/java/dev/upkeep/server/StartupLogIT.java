package dev.upkeep.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A real collector on an ephemeral port logs, once started, one INFO line with its start-up time
 * and its parts, and one with its heap and the sizes chosen; by then health answers. No timing is
 * asserted, only the shape of the lines.
 */
class StartupLogIT {
  @TempDir Path dir;

  @Test
  void startLogsTheStartUpTimeAndTheMemoryOnceHealthCanAnswer() throws Exception {
    Logger log = (Logger) LoggerFactory.getLogger(UpkeepServer.class);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    log.addAppender(appender);
    ServerConfig config =
        ServerConfig.builder()
            .host("127.0.0.1")
            .port(0)
            .dataDir(dir.resolve("data"))
            .maxHeapWarning(0)
            .build();
    List<ILoggingEvent> events;
    try (UpkeepServer server = UpkeepServer.start(config)) {
      events = List.copyOf(appender.list);
      HttpResponse<String> health =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(server.url() + "/v1/health")).build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
    } finally {
      log.detachAppender(appender);
    }

    List<String> ready =
        events.stream()
            .filter(e -> e.getLevel() == Level.INFO)
            .map(ILoggingEvent::getFormattedMessage)
            .filter(m -> m.startsWith("ready in "))
            .toList();
    assertThat(ready)
        .singleElement()
        .asString()
        .matches(
            "ready in \\d+\\.\\d\\d s \\(JVM and command line \\d+\\.\\d\\d s, store \\d+\\.\\d\\d"
                + " s, wiring \\d+\\.\\d\\d s, http \\d+\\.\\d\\d s\\)");
    assertThat(events)
        .map(ILoggingEvent::getFormattedMessage)
        .anyMatch(m -> m.matches("memory: max heap .+, \\d+ processors: http-threads \\d+,.*"))
        .noneMatch(m -> m.startsWith("max heap "));
  }
}
