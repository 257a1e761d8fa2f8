package dev.upkeep.server.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An IP address written as text (dotted-quad IPv4, or IPv6 with or without brackets), parsed
 * without ever asking DNS: a name, a port, a zone or anything else is not an address. As written in
 * {@code X-Forwarded-For} and {@code trusted-proxies}.
 */
final class IpLiteral {
  private static final Pattern IPV4 =
      Pattern.compile(
          "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

  private IpLiteral() {}

  /** The address {@code text} spells, or empty when it spells none. */
  static Optional<InetAddress> parse(String text) {
    String t = text.strip();
    if (t.startsWith("[") && t.endsWith("]")) {
      t = t.substring(1, t.length() - 1);
    }
    try {
      if (IPV4.matcher(t).matches()) {
        return Optional.of(InetAddress.getByName(t));
      }
      if (t.indexOf(':') >= 0 && IPV6.matcher(t).matches()) {
        // Brackets make the JDK parse a literal or fail; it never looks the text up in DNS.
        return Optional.of(InetAddress.getByName("[" + t + "]"));
      }
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }
}
