package dev.upkeep.server.alerts.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upkeep.server.alerts.delivery.DeliveryAttempt.Outcome;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.subethamail.smtp.auth.EasyAuthenticationHandlerFactory;
import org.subethamail.smtp.auth.LoginFailedException;
import org.subethamail.smtp.helper.SimpleMessageListener;
import org.subethamail.smtp.server.SMTPServer;

/**
 * Alert e-mail to a real SMTP server (SubEthaSMTP) on an ephemeral port that requires STARTTLS
 * before anything else and AUTH before mail, with a certificate for localhost that only the test's
 * TLS context trusts.
 */
class EmailDeliveryTest {
  private static final String USER = "alerts@example.org";
  private static final String PASSWORD = "smtp-pass-9d2e";

  private final List<Received> received = new ArrayList<>();
  private final InMemoryDeliveryLog log = new InMemoryDeliveryLog();
  private TestTls tls;
  private SMTPServer server;
  private Deliverer deliverer;

  record Received(String from, String to, byte[] data) {}

  @BeforeEach
  void start() throws Exception {
    tls = new TestTls();
    server = smtp(SMTPServer.port(0).requireTLS().startTlsSocketFactory(tls.server)).build();
    server.start();
    deliverer =
        Deliverer.builder(Alerts.CLOCK, log)
            .scheduler(new ImmediateScheduler())
            .sslContext(tls.client)
            .environment(Map.of("SMTP_PASSWORD", PASSWORD, "WRONG", "not-the-password")::get)
            .build();
  }

  private SMTPServer.Builder smtp(SMTPServer.Builder b) {
    return b.hostName("localhost")
        .requireAuth()
        .authenticationHandlerFactory(
            new EasyAuthenticationHandlerFactory(
                (user, password, context) -> {
                  if (!USER.equals(user) || !PASSWORD.equals(password)) {
                    throw new LoginFailedException();
                  }
                }))
        .simpleMessageListener(
            new SimpleMessageListener() {
              @Override
              public boolean accept(String from, String recipient) {
                return true;
              }

              @Override
              public void deliver(String from, String recipient, InputStream data)
                  throws IOException {
                byte[] bytes = data.readAllBytes();
                synchronized (received) {
                  received.add(new Received(from, recipient, bytes));
                }
              }
            });
  }

  @AfterEach
  void stop() {
    deliverer.close();
    server.stop();
  }

  private Destination.Email email(SmtpSettings.Security security, String passwordVariable) {
    return new Destination.Email(
        new SmtpSettings(
            "localhost",
            server.getPortAllocated(),
            security,
            USER,
            SecretRef.env(passwordVariable),
            "Upkeep <upkeep@example.org>"),
        List.of("oncall@example.org", "maintainer@example.org"));
  }

  @Test
  void theMessageArrivesOverStartTlsWithAuth() throws Exception {
    DeliveryAttempt last =
        deliverer
            .deliver(Alerts.failureRate(), email(SmtpSettings.Security.STARTTLS, "SMTP_PASSWORD"))
            .get(30, TimeUnit.SECONDS);

    assertThat(last.outcome()).as(String.valueOf(last.error())).isEqualTo(Outcome.DELIVERED);
    assertThat(last.destination())
        .isEqualTo(
            "email localhost:"
                + server.getPortAllocated()
                + " to oncall@example.org, maintainer@example.org");
    assertThat(received)
        .extracting(Received::to)
        .containsExactlyInAnyOrder("oncall@example.org", "maintainer@example.org");
    assertThat(received).allSatisfy(r -> assertThat(r.from()).isEqualTo("upkeep@example.org"));

    MimeMessage message =
        new MimeMessage(
            Session.getInstance(new Properties()),
            new ByteArrayInputStream(received.get(0).data()));
    assertThat(message.getSubject())
        .isEqualTo("[upkeep] owner/name 2.8.0: failure rate 12.5% (was 1.1%)");
    assertThat(message.getFrom()[0].toString()).isEqualTo("Upkeep <upkeep@example.org>");
    assertThat(message.getRecipients(Message.RecipientType.TO))
        .extracting(Object::toString)
        .containsExactly("oncall@example.org", "maintainer@example.org");
    assertThat(message.getSentDate().toInstant()).isEqualTo(Alerts.NOW);
    assertThat(message.getHeader("X-Upkeep-Alert")).containsExactly("a-42");
    assertThat(message.getHeader("X-Upkeep-Delivery")).containsExactly(last.deliveryId());
    assertThat(message.getContentType()).startsWith("text/plain").containsIgnoringCase("utf-8");
    assertThat(((String) message.getContent()).replace("\r\n", "\n"))
        .isEqualTo(
            "[FIRING] owner/name 2.8.0: failure rate 12.5% (was 1.1%)\n"
                + "\n"
                + "State: firing\n"
                + "Project: owner/name\n"
                + "Version: 2.8.0\n"
                + "Rule: failure-rate\n"
                + "At: 2026-11-30T11:59:30Z\n"
                + "Alert: a-42\n"
                + "\n"
                + "Evidence:\n"
                + "  runs: 812\n"
                + "  failures: 102\n"
                + "  rate: 0.125\n"
                + "  interval: {\"lower\":0.1,\"upper\":0.15}\n"
                + "  top_errors: [\"ValueError\",\"KeyError\"]\n"
                + "  baseline_version: 2.7.3\n"
                + "\n"
                + "Dashboard: https://upkeep.example.org/projects/owner/name/alerts/a-42\n");
  }

  @Test
  void aRefusedLoginFailsWithoutRetryAndWithoutThePassword() throws Exception {
    DeliveryAttempt last =
        deliverer
            .deliver(Alerts.failureRate(), email(SmtpSettings.Security.STARTTLS, "WRONG"))
            .get(30, TimeUnit.SECONDS);

    assertThat(last.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(last.attempt()).isEqualTo(1);
    assertThat(last.error())
        .startsWith(
            "SMTP server localhost:" + server.getPortAllocated() + " refused the login of " + USER)
        .contains("env:WRONG")
        .doesNotContain("not-the-password");
    assertThat(received).isEmpty();
  }

  @Test
  void anUntrustedCertificateFailsWithoutRetry() throws Exception {
    deliverer.close();
    deliverer =
        Deliverer.builder(Alerts.CLOCK, log)
            .scheduler(new ImmediateScheduler())
            .environment(Map.of("SMTP_PASSWORD", PASSWORD)::get)
            .build(); // the JVM's trust: the test certificate is not in it

    DeliveryAttempt last =
        deliverer
            .deliver(Alerts.failureRate(), email(SmtpSettings.Security.STARTTLS, "SMTP_PASSWORD"))
            .get(30, TimeUnit.SECONDS);

    assertThat(last.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(last.attempt()).isEqualTo(1);
    assertThat(last.error())
        .startsWith("TLS with email localhost:")
        .contains("check the server's certificate");
    assertThat(received).isEmpty();
  }

  @Test
  void aServerWithoutStartTlsIsNotSentToInClear() throws Exception {
    server.stop();
    server = smtp(SMTPServer.port(0)).requireAuth(false).build();
    server.start();

    DeliveryAttempt last =
        deliverer
            .deliver(Alerts.failureRate(), email(SmtpSettings.Security.STARTTLS, "SMTP_PASSWORD"))
            .get(30, TimeUnit.SECONDS);

    assertThat(last.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(last.error()).containsIgnoringCase("STARTTLS");
    assertThat(received).isEmpty();
  }

  @Test
  void theMessageArrivesOverTls() throws Exception {
    server.stop();
    server = smtp(SMTPServer.port(0).serverSocketFactory(tls.server)).build();
    server.start();

    DeliveryAttempt last =
        deliverer
            .deliver(Alerts.failureRate(), email(SmtpSettings.Security.TLS, "SMTP_PASSWORD"))
            .get(30, TimeUnit.SECONDS);

    assertThat(last.outcome()).as(String.valueOf(last.error())).isEqualTo(Outcome.DELIVERED);
    assertThat(received).hasSize(2);
  }
}
