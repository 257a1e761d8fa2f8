package dev.upkeep.server.alerts;

import dev.upkeep.server.alerts.delivery.Destination;
import dev.upkeep.server.alerts.delivery.SecretRef;
import dev.upkeep.server.alerts.delivery.SmtpSettings;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Where a rule's alerts go, as the rule stores it ({@code "notify"} of its spec): the parts of a
 * {@link Destination}, which {@link #destination} builds and checks. Secrets are references, never
 * values: {@code env:NAME} (read from the collector's environment when sending) or {@code
 * enc:v1:...} (sealed with the collector's secrets key).
 *
 * @param type {@code webhook}, {@code slack}, {@code matrix} or {@code email}
 * @param url the webhook's URL or the Matrix homeserver's; for Slack a reference to the incoming
 *     webhook's URL (its path is Slack's secret); null for email
 * @param secret the webhook's signing secret or the Matrix access token, as a reference; null
 *     otherwise
 * @param room the Matrix room id ({@code !abc:example.org}); null otherwise
 * @param to email recipients; empty otherwise
 */
public record Notify(String type, String url, String secret, String room, List<String> to) {
  public Notify {
    Objects.requireNonNull(type, "type");
    type = type.toLowerCase(Locale.ROOT);
    to = to == null ? List.of() : List.copyOf(to);
  }

  /**
   * The destination, checked.
   *
   * @param smtp the collector's SMTP settings, or null when none are configured
   * @throws IllegalArgumentException naming what is missing or wrong
   */
  public Destination destination(SmtpSettings smtp) {
    return switch (type) {
      case "webhook" -> new Destination.Webhook(uri("webhook url"), SecretRef.parse(secret));
      case "slack" -> new Destination.Slack(SecretRef.parse(url));
      case "matrix" ->
          new Destination.Matrix(uri("matrix homeserver"), room, SecretRef.parse(secret));
      case "email" -> {
        if (smtp == null) {
          throw new IllegalArgumentException(
              "email needs the collector's SMTP server: set smtp-host (see docs/alerts.md)");
        }
        yield new Destination.Email(smtp, to);
      }
      default ->
          throw new IllegalArgumentException(
              "notify must be webhook, slack, matrix or email, was \"" + type + "\"");
    };
  }

  private URI uri(String what) {
    if (url == null) {
      throw new IllegalArgumentException(what + " is required");
    }
    try {
      return URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(what + " is not a URL: " + e.getMessage());
    }
  }
}
