package dev.upkeep.server.alerts.delivery;

import java.time.Clock;
import java.util.Map;

/**
 * {@code POST} of the {@link WebhookBody} with {@code Upkeep-Signature}, {@code Upkeep-Delivery}
 * and {@code Content-Type: application/json}.
 */
final class WebhookChannel implements Channel {
  /** The delivery id's header. */
  static final String DELIVERY_HEADER = "Upkeep-Delivery";

  private final Destination.Webhook destination;
  private final HttpSend http;
  private final Clock clock;

  WebhookChannel(Destination.Webhook destination, HttpSend http, Clock clock) {
    this.destination = destination;
    this.http = http;
    this.clock = clock;
  }

  @Override
  public SendResult send(Alert alert, String deliveryId, Secrets secrets) {
    String secret = secrets.reveal(destination.secret());
    byte[] body = WebhookBody.of(alert);
    String signature = WebhookSignature.sign(secret, clock.instant().getEpochSecond(), body);
    return http.send(
        "POST",
        destination.url(),
        Map.of(WebhookSignature.HEADER, signature, DELIVERY_HEADER, deliveryId),
        body,
        destination.label(),
        secrets);
  }
}
