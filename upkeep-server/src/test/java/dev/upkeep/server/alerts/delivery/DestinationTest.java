package dev.upkeep.server.alerts.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Destinations: validation that names the setting, and labels without secrets. */
class DestinationTest {
  private static final SecretRef SECRET = SecretRef.env("S");

  @Test
  void webhookUrlsMustBeHttp() {
    assertThatThrownBy(() -> new Destination.Webhook(URI.create("ftp://host/x"), SECRET))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("webhook url must be http or https, was ftp://host/x");
    assertThatThrownBy(() -> new Destination.Webhook(URI.create("https://u:pw@host/x?q=1"), SECRET))
        .hasMessageStartingWith(
            "webhook url must not carry user info (user:password@), was https://host/x;")
        .hasMessageNotContaining("pw");
    assertThatThrownBy(() -> new Destination.Webhook(URI.create("https://host/x"), null))
        .hasMessage("webhook secret is required for https://host/x (env:NAME or enc:v1:…)");
  }

  @Test
  void labelsLeaveOutQueriesAndTokens() {
    assertThat(
            new Destination.Webhook(URI.create("https://h.example:8443/in?token=t0k"), SECRET)
                .label())
        .isEqualTo("webhook https://h.example:8443/in");
    Destination.Slack slack = new Destination.Slack(SecretRef.env("SLACK_URL"));
    assertThat(slack.label()).isEqualTo("slack env:SLACK_URL");
    assertThat(slack.toString()).isEqualTo("Slack[url=env:SLACK_URL]");
    assertThat(
            new Destination.Matrix(URI.create("https://m.example.org"), "!r:m.example.org", SECRET)
                .label())
        .isEqualTo("matrix https://m.example.org !r:m.example.org");
  }

  @Test
  void matrixNeedsARoomId() {
    assertThatThrownBy(
            () ->
                new Destination.Matrix(
                    URI.create("https://m.example.org"), "#alias:m.example.org", SECRET))
        .hasMessage(
            "matrix roomId must be a room id starting with '!' (e.g. !abc:example.org), was"
                + " #alias:m.example.org");
  }

  @Test
  void emailSettings() {
    SmtpSettings smtp =
        new SmtpSettings(
            "smtp.example.org", 587, SmtpSettings.Security.STARTTLS, "u", SECRET, "up@example.org");
    assertThat(new Destination.Email(smtp, List.of("a@example.org")).label())
        .isEqualTo("email smtp.example.org:587 to a@example.org");
    assertThat(smtp.toString()).contains("password=env:S");

    assertThatThrownBy(() -> new Destination.Email(smtp, List.of()))
        .hasMessage("email to must list one or more addresses, was []");
    assertThatThrownBy(() -> new Destination.Email(smtp, List.of("not an address")))
        .hasMessage("email to must be e-mail addresses (name@example.org), was not an address");
    assertThatThrownBy(
            () -> new SmtpSettings("h", 0, SmtpSettings.Security.TLS, null, null, "up@example.org"))
        .hasMessage("smtp port must be between 1 and 65535, was 0");
    assertThatThrownBy(
            () ->
                new SmtpSettings(
                    "h", 25, SmtpSettings.Security.TLS, null, SECRET, "up@example.org"))
        .hasMessage("smtp password is set but smtp username is not: set both for AUTH, or neither");
    assertThatThrownBy(
            () ->
                new SmtpSettings(
                    "smtp.example.org",
                    25,
                    SmtpSettings.Security.NONE,
                    "u",
                    SECRET,
                    "up@example.org"))
        .hasMessage(
            "smtp security NONE would send the password of u to smtp.example.org unencrypted; use"
                + " STARTTLS or TLS");
    assertThat(
            new SmtpSettings(
                    "localhost", 25, SmtpSettings.Security.NONE, "u", SECRET, "up@example.org")
                .authenticates())
        .isTrue();
  }
}
