package dev.upkeep.server.alerts.delivery;

import java.util.Locale;

/**
 * The SMTP server alert e-mail is sent through, and the account to send with. Immutable and
 * thread-safe.
 *
 * @param host the server's host name (checked against its certificate for STARTTLS and TLS)
 * @param port 1 to 65535: usually 587 for {@link Security#STARTTLS}, 465 for {@link Security#TLS},
 *     25 for {@link Security#NONE}
 * @param security how the connection is encrypted
 * @param username the AUTH user, or null to send without AUTH
 * @param password the AUTH password; required with {@code username}, null without
 * @param from the sender address ({@code upkeep@example.org} or {@code Upkeep
 *     <upkeep@example.org>})
 */
public record SmtpSettings(
    String host, int port, Security security, String username, SecretRef password, String from) {

  /** How the connection to the SMTP server is encrypted. */
  public enum Security {
    /**
     * Plain SMTP, no encryption: only for a relay on the same machine ({@code localhost}); AUTH is
     * refused with it elsewhere.
     */
    NONE,
    /** Plain connection upgraded with STARTTLS, which the server must offer (port 587). */
    STARTTLS,
    /** TLS from the first byte, "SMTPS" (port 465). */
    TLS
  }

  public SmtpSettings {
    if (host == null || host.isBlank() || host.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException("smtp host must be a host name, was \"" + host + "\"");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("smtp port must be between 1 and 65535, was " + port);
    }
    if (security == null) {
      throw new IllegalArgumentException("smtp security is required (NONE, STARTTLS or TLS)");
    }
    if (username != null && username.isBlank()) {
      username = null;
    }
    if (username == null && password != null) {
      throw new IllegalArgumentException(
          "smtp password is set but smtp username is not: set both for AUTH, or neither");
    }
    if (username != null && password == null) {
      throw new IllegalArgumentException(
          "smtp username is " + username + " but smtp password is not set: set both, or neither");
    }
    if (username != null && security == Security.NONE && !loopback(host)) {
      throw new IllegalArgumentException(
          "smtp security NONE would send the password of "
              + username
              + " to "
              + host
              + " unencrypted; use STARTTLS or TLS");
    }
    Destination.Email.checkAddress("smtp from", from);
  }

  /** Whether AUTH is used. */
  public boolean authenticates() {
    return username != null;
  }

  private static boolean loopback(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    return h.equals("localhost") || h.startsWith("127.") || h.equals("::1") || h.equals("[::1]");
  }
}
