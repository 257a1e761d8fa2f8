package dev.upkeep.server.alerts.delivery;

import java.net.URI;
import java.util.Map;

/** {@code POST} of the {@link SlackBody} to the incoming-webhook URL, read from its reference. */
final class SlackChannel implements Channel {
  private final Destination.Slack destination;
  private final HttpSend http;

  SlackChannel(Destination.Slack destination, HttpSend http) {
    this.destination = destination;
    this.http = http;
  }

  @Override
  public SendResult send(Alert alert, String deliveryId, Secrets secrets) {
    URI url = URI.create(secrets.reveal(destination.url()));
    secrets.hide(url.getRawPath());
    Urls.httpUrl("slack url", url);
    return http.send("POST", url, Map.of(), SlackBody.of(alert), destination.label(), secrets);
  }
}
