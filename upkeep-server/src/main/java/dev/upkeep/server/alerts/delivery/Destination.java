package dev.upkeep.server.alerts.delivery;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.net.URI;
import java.util.List;

/**
 * Where an alert goes: a {@link Webhook} (generic signed JSON), {@link Slack}, {@link Matrix} or
 * {@link Email}. Records are immutable and thread-safe; each validates itself at construction and
 * throws {@link IllegalArgumentException} naming the setting and the bad value (never a secret).
 *
 * <p>{@link #label()} names a destination in logs and in {@link DeliveryAttempt#destination()}
 * without what may be secret (user info, query strings, Slack's token path, passwords).
 */
public sealed interface Destination {

  /** The destination for logs and the delivery log, e.g. {@code webhook https://host/path}. */
  String label();

  /**
   * A generic JSON webhook: {@code POST url} with the documented body ({@code docs/alerts.md}) and
   * an {@code Upkeep-Signature} made with {@code secret}.
   *
   * @param url an http or https URL without user info
   * @param secret the signing secret the receiver shares
   */
  record Webhook(URI url, SecretRef secret) implements Destination {
    public Webhook {
      Urls.httpUrl("webhook url", url);
      if (secret == null) {
        throw new IllegalArgumentException(
            "webhook secret is required for "
                + Urls.withoutSecrets(url)
                + " (env:NAME or enc:v1:…)");
      }
    }

    /** {@code webhook scheme://host[:port]/path}, without query or user info. */
    @Override
    public String label() {
      return "webhook " + Urls.withoutSecrets(url);
    }
  }

  /**
   * A Slack incoming webhook (or a compatible receiver, e.g. Mattermost): {@code POST url} with
   * {@code {"text": ..., "blocks": [...]}}. Its URL is Slack's secret (the path holds the token),
   * so it is kept as a reference like every other secret and read when sending; it is never logged.
   *
   * @param url the incoming-webhook URL as a reference ({@code env:NAME} or {@code enc:v1:…}); the
   *     URL it holds must be http or https
   */
  record Slack(SecretRef url) implements Destination {
    public Slack {
      if (url == null) {
        throw new IllegalArgumentException("slack url is required (env:NAME or enc:v1:…)");
      }
    }

    /** {@code slack env:NAME} or {@code slack enc:v1:…}: the reference, never the URL. */
    @Override
    public String label() {
      return "slack " + url;
    }

    @Override
    public String toString() {
      return "Slack[url=" + url + "]";
    }
  }

  /**
   * A Matrix room: {@code PUT {homeserver}/_matrix/client/v3/rooms/{roomId}/send/m.room.message/
   * {txnId}} with an {@code m.text} message (plain and HTML), as a user whose access token is
   * {@code accessToken}. The transaction id is the delivery id, so a retried attempt is not posted
   * twice.
   *
   * @param homeserver the homeserver's client-server API base, http or https (e.g. {@code
   *     https://matrix.example.org})
   * @param roomId the room's id, starting with {@code !} (an alias {@code #room:server} cannot be
   *     sent to: resolve it first)
   * @param accessToken the sending user's access token
   */
  record Matrix(URI homeserver, String roomId, SecretRef accessToken) implements Destination {
    public Matrix {
      Urls.httpUrl("matrix homeserver", homeserver);
      if (roomId == null || !roomId.startsWith("!") || roomId.length() < 2 || roomId.isBlank()) {
        throw new IllegalArgumentException(
            "matrix roomId must be a room id starting with '!' (e.g. !abc:example.org), was "
                + roomId);
      }
      if (accessToken == null) {
        throw new IllegalArgumentException(
            "matrix accessToken is required for room " + roomId + " (env:NAME or enc:v1:…)");
      }
    }

    /** {@code matrix scheme://host[:port] !room}. */
    @Override
    public String label() {
      return "matrix " + Urls.origin(homeserver) + " " + roomId;
    }
  }

  /**
   * E-mail through an SMTP server: a plain-text message to every address of {@code to}.
   *
   * @param smtp the server and the account to send with
   * @param to the recipients, one or more addresses ({@code a@example.org}); copied
   */
  record Email(SmtpSettings smtp, List<String> to) implements Destination {
    public Email {
      if (smtp == null) {
        throw new IllegalArgumentException("email smtp settings are required");
      }
      if (to == null || to.isEmpty()) {
        throw new IllegalArgumentException("email to must list one or more addresses, was " + to);
      }
      to = List.copyOf(to);
      for (String address : to) {
        checkAddress("email to", address);
      }
    }

    /** {@code email host:port to a@x, b@y}. */
    @Override
    public String label() {
      return "email " + smtp.host() + ":" + smtp.port() + " to " + String.join(", ", to);
    }

    static void checkAddress(String setting, String address) {
      try {
        InternetAddress parsed = new InternetAddress(address, true);
        if (parsed.getAddress() == null || !parsed.getAddress().contains("@")) {
          throw new AddressException("no @");
        }
      } catch (AddressException e) {
        throw new IllegalArgumentException(
            setting + " must be e-mail addresses (name@example.org), was " + address, e);
      }
    }
  }
}
