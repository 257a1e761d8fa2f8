package dev.upkeep.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.io.EofException;
import org.junit.jupiter.api.Test;

class UnreadableRequestTest {
  @Test
  void jettysFramingErrorsAreTheClients() {
    assertThat(UnreadableRequest.of(new EofException("early EOF")).orElseThrow().status())
        .isEqualTo(400);
    assertThat(
            UnreadableRequest.of(new UncheckedIOException(new EofException("reset")))
                .orElseThrow()
                .status())
        .isEqualTo(400);
    assertThat(UnreadableRequest.of(new HttpException.RuntimeException(431)).orElseThrow().status())
        .isEqualTo(431);
    assertThat(
            UnreadableRequest.of(new HttpException.RuntimeException(400, "bad chunk"))
                .orElseThrow()
                .detail())
        .asString()
        .doesNotContain("chunk\"")
        .startsWith("The request could not be read");
  }

  @Test
  void theApplicationsOwnIoErrorsAreNot() {
    assertThat(UnreadableRequest.of(new IOException("/srv/archive: not a directory"))).isEmpty();
    assertThat(UnreadableRequest.of(new IllegalStateException("x", new IOException("disk"))))
        .isEmpty();
    assertThat(UnreadableRequest.of(new RuntimeException("boom"))).isEmpty();
  }
}
