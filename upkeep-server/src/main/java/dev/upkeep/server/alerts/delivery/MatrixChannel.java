package dev.upkeep.server.alerts.delivery;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * {@code PUT /_matrix/client/v3/rooms/{roomId}/send/m.room.message/{txnId}} of the {@link
 * MatrixBody}, with {@code Authorization: Bearer <token>}. The transaction id is the delivery id:
 * the homeserver answers a retried attempt with the event of the first, so a room gets one message
 * per delivery.
 */
final class MatrixChannel implements Channel {
  private final Destination.Matrix destination;
  private final HttpSend http;

  MatrixChannel(Destination.Matrix destination, HttpSend http) {
    this.destination = destination;
    this.http = http;
  }

  @Override
  public SendResult send(Alert alert, String deliveryId, Secrets secrets) {
    String token = secrets.reveal(destination.accessToken());
    return http.send(
        "PUT",
        endpoint(destination, deliveryId),
        Map.of("Authorization", "Bearer " + token),
        MatrixBody.of(alert),
        destination.label(),
        secrets);
  }

  /** The send endpoint for {@code txnId}. */
  static URI endpoint(Destination.Matrix destination, String txnId) {
    String base = destination.homeserver().toString();
    while (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    return URI.create(
        base
            + "/_matrix/client/v3/rooms/"
            + segment(destination.roomId())
            + "/send/m.room.message/"
            + segment(txnId));
  }

  private static String segment(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
