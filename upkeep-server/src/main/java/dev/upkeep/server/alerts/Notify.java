package dev.upkeep.server.alerts;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where a rule's alerts go, as the rule stores it ({@code "notify"} of its spec). Secrets are
 * references, never values: {@code env:NAME} (read from the collector's environment when sending)
 * or {@code enc:v1:...} (encrypted with the collector's secrets key, {@code upkeep alert secret}).
 *
 * @param type {@code webhook}, {@code slack}, {@code matrix} or {@code email}
 * @param url the webhook's or Slack incoming webhook's URL, or the Matrix homeserver's, or a secret
 *     reference to it (a Slack webhook's URL is its secret: give it as {@code env:NAME} or {@code
 *     enc:v1:...}); null for email
 * @param secret the webhook's signing secret or the Matrix access token, as a reference; null when
 *     none
 * @param room the Matrix room id ({@code !abc:example.org}); null otherwise
 * @param to email recipients; empty otherwise
 */
public record Notify(String type, String url, String secret, String room, List<String> to) {
  private static final Pattern SECRET =
      Pattern.compile("^(env:[A-Za-z_][A-Za-z0-9_]*|enc:v1:\\S+)$");
  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+$");

  /**
   * @throws IllegalArgumentException naming the field that is wrong
   */
  public Notify {
    Objects.requireNonNull(type, "type");
    type = type.toLowerCase(Locale.ROOT);
    to = to == null ? List.of() : List.copyOf(to);
    switch (type) {
      case "webhook", "slack" -> requireUrl(url, type);
      case "matrix" -> {
        requireUrl(url, "matrix homeserver");
        if (room == null || !room.startsWith("!") || !room.contains(":")) {
          throw new IllegalArgumentException(
              "matrix room must be a room id such as !abc:example.org, was \"" + room + "\"");
        }
        if (secret == null) {
          throw new IllegalArgumentException("matrix needs an access token: --secret env:NAME");
        }
      }
      case "email" -> {
        if (to.isEmpty()) {
          throw new IllegalArgumentException("email needs at least one recipient");
        }
        for (String address : to) {
          if (!EMAIL.matcher(address).matches()) {
            throw new IllegalArgumentException(
                "email recipient \"" + address + "\" is not an address");
          }
        }
      }
      default ->
          throw new IllegalArgumentException(
              "notify must be webhook, slack, matrix or email, was \"" + type + "\"");
    }
    if (secret != null && !isReference(secret)) {
      throw new IllegalArgumentException(
          "secret must be a reference, env:NAME or enc:v1:..., never the secret itself");
    }
  }

  /** Whether {@code text} is a secret reference rather than a value. */
  static boolean isReference(String text) {
    return text != null && SECRET.matcher(text).matches();
  }

  private static void requireUrl(String url, String what) {
    if (isReference(url)) {
      return;
    }
    URI uri;
    try {
      uri = url == null ? null : URI.create(url);
    } catch (IllegalArgumentException e) {
      uri = null;
    }
    if (uri == null
        || uri.getHost() == null
        || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
      throw new IllegalArgumentException(
          what + " url must be an http or https URL, was \"" + url + "\"");
    }
  }

  /** Where it goes, for lists and the delivery log: no secret, query or user info. */
  public String label() {
    if (type.equals("email")) {
      return "email " + String.join(", ", to);
    }
    if (isReference(url)) {
      return type
          + " "
          + (url.startsWith("env:") ? url : "enc:v1:…")
          + (room == null ? "" : " " + room);
    }
    URI u = URI.create(url);
    String where = u.getScheme() + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort());
    String path = u.getRawPath() == null ? "" : u.getRawPath();
    if (type.equals("slack") && !path.isEmpty()) {
      path = "/…"; // a Slack webhook's path is its secret
    }
    return type + " " + where + path + (room == null ? "" : " " + room);
  }
}
