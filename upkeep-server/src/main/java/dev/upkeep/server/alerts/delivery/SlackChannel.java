package dev.upkeep.server.alerts.delivery;

import java.util.Map;

/** {@code POST} of the {@link SlackBody} to the incoming-webhook URL. */
final class SlackChannel implements Channel {
  private final Destination.Slack destination;
  private final HttpSend http;

  SlackChannel(Destination.Slack destination, HttpSend http) {
    this.destination = destination;
    this.http = http;
  }

  @Override
  public SendResult send(Alert alert, String deliveryId, Secrets secrets) {
    secrets.hide(destination.url().toString());
    secrets.hide(destination.url().getRawPath());
    return http.send(
        "POST", destination.url(), Map.of(), SlackBody.of(alert), destination.label(), secrets);
  }
}
