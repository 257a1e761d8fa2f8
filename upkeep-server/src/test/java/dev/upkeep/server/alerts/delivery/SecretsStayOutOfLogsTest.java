package dev.upkeep.server.alerts.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import dev.upkeep.server.alerts.delivery.DeliveryAttempt.Outcome;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Delivers with secrets to receivers that echo what they were sent into their error answers, and
 * checks that no secret reaches a log line (captured at DEBUG), an attempt or a toString.
 */
class SecretsStayOutOfLogsTest {
  private static final String HOOK_SECRET = "whsec-LEAK-1111";
  private static final String MATRIX_TOKEN = "syt-LEAK-2222";
  private static final String SLACK_TOKEN = "LEAK3333slackpath";
  private static final String SMTP_PASSWORD = "LEAK-4444-smtp";

  @TempDir Path dir;

  private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private final Logger ours = (Logger) LoggerFactory.getLogger("dev.upkeep.server.alerts.delivery");
  private Level oursBefore;
  private final InMemoryDeliveryLog log = new InMemoryDeliveryLog();
  private Receiver receiver;
  private Deliverer deliverer;
  private SecretBox box;

  @BeforeEach
  void start() throws Exception {
    captured.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
    captured.start();
    root.addAppender(captured);
    oursBefore = ours.getLevel();
    ours.setLevel(Level.DEBUG);
    receiver = new Receiver();
    box = SecretBox.open(dir.resolve("secrets.key"));
    deliverer =
        Deliverer.builder(Alerts.CLOCK, log)
            .scheduler(new ImmediateScheduler())
            .maxAttempts(2)
            .requestTimeout(java.time.Duration.ofSeconds(1))
            .secretBox(box)
            .environment(Map.of("HOOK_SECRET", HOOK_SECRET, "SMTP_PASSWORD", SMTP_PASSWORD)::get)
            .build();
  }

  @AfterEach
  void stop() {
    deliverer.close();
    receiver.close();
    root.detachAppender(captured);
    ours.setLevel(oursBefore);
  }

  /** Answers {@code status} with every header and the path of the request in the body. */
  private static Receiver.Answer echo(Receiver.Request req, int status) {
    StringBuilder body = new StringBuilder("you sent " + req.path());
    body.append(" Authorization=").append(req.headers().get("Authorization"));
    req.headers().forEach((k, v) -> body.append(' ').append(k).append('=').append(v));
    return new Receiver.Answer(status, Map.of(), body.toString());
  }

  @Test
  void noSecretIsLoggedRecordedOrPrinted() throws Exception {
    receiver.answer(r -> echo(r, 500)).answer(r -> echo(r, 401));
    Destination.Webhook hook =
        new Destination.Webhook(receiver.url("/hook"), SecretRef.env("HOOK_SECRET"));
    Destination.Matrix matrix =
        new Destination.Matrix(receiver.url("/"), "!room:example.org", box.seal(MATRIX_TOKEN));
    Destination.Slack slack =
        new Destination.Slack(box.seal(receiver.url("/services/T1/B2/" + SLACK_TOKEN).toString()));
    Destination.Email email =
        new Destination.Email(
            new SmtpSettings(
                "127.0.0.1",
                receiver.url("/").getPort(), // an HTTP server: the SMTP greeting never comes
                SmtpSettings.Security.STARTTLS,
                "alerts",
                SecretRef.env("SMTP_PASSWORD"),
                "upkeep@example.org"),
            List.of("oncall@example.org"));

    List<DeliveryAttempt> finals = new ArrayList<>();
    for (Destination d : List.of(hook, matrix, slack, email)) {
      finals.add(deliverer.deliver(Alerts.failureRate(), d).get(60, TimeUnit.SECONDS));
    }

    assertThat(finals).extracting(DeliveryAttempt::outcome).containsOnly(Outcome.FAILED);
    // the echo reached the errors: the secrets were there to leak, and were removed
    assertThat(log.attempts())
        .anySatisfy(a -> assertThat(a.error()).contains("Authorization=[Bearer [redacted]]"));
    assertThat(log.attempts())
        .anySatisfy(a -> assertThat(a.error()).contains("you sent [redacted]"));

    List<String> texts = new ArrayList<>();
    for (ILoggingEvent e : captured.list) {
      texts.add(e.getFormattedMessage());
      for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
        texts.add(t.getClassName() + ": " + t.getMessage());
      }
    }
    for (DeliveryAttempt a : log.attempts()) {
      texts.add(a.toString());
    }
    for (Destination d : List.of(hook, matrix, slack, email)) {
      texts.add(d.toString());
      texts.add(d.label());
    }
    assertThat(captured.list).isNotEmpty();
    assertThat(texts)
        .allSatisfy(
            t ->
                assertThat(t)
                    .doesNotContain(HOOK_SECRET)
                    .doesNotContain(MATRIX_TOKEN)
                    .doesNotContain(SLACK_TOKEN)
                    .doesNotContain(SMTP_PASSWORD));
  }

  @Test
  void aSecretCutAtTheEndOfAnErrorIsRemovedToo() {
    Secrets secrets = new Secrets(Map.of("T", "abcdefghij")::get, () -> null);
    secrets.reveal(SecretRef.env("T"));

    assertThat(secrets.scrubAndCut("token abcdefghij here", 100))
        .isEqualTo("token [redacted] here");
    assertThat(secrets.scrubAndCut("token abcdefg", 100)).isEqualTo("token [redacted]");
    assertThat(secrets.scrubAndCut("xxxxxxxx token abcdefghij", 19))
        .isEqualTo("xxxxxxxx token [red…");
    assertThat(secrets.scrubAndCut("cut here abcdefghij", 100)).isEqualTo("cut here [redacted]");
    assertThat(secrets.scrubAndCut("no secret abc", 100)).isEqualTo("no secret abc");
  }
}
