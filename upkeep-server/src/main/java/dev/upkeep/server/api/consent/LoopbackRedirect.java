package dev.upkeep.server.api.consent;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The URLs a consent page sends the browser back to: the local server of the application that
 * asked, which receives codes or tokens in the query string. Upkeep's own OAuth flow accepts only
 * loopback IP literals (RFC 8252 sections 7.3 and 8.3, {@link #require} with {@link #OAUTH_HOSTS});
 * otumat's callback may be on any IP literal ({@link #requireOtumat}), as otumat 0.3 builds it from
 * its machine's address. Stateless, thread-safe.
 */
public final class LoopbackRedirect {
  /**
   * Hosts otumat's {@code redirect} and {@code cancel} may name, besides any IP literal (see {@link
   * #requireOtumat}).
   */
  public static final List<String> OTUMAT_HOSTS = List.of("127.0.0.1", "localhost", "[::1]");

  /** Hosts an OAuth {@code redirect_uri} may name: IP literals only (RFC 8252 section 8.3). */
  public static final List<String> OAUTH_HOSTS = List.of("127.0.0.1", "[::1]");

  private static final Pattern IPV4 =
      Pattern.compile(
          "^(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}$");
  private static final Pattern IPV6 = Pattern.compile("^\\[[0-9A-Fa-f:.]+]$");

  private LoopbackRedirect() {}

  /**
   * Checks a redirect parameter.
   *
   * @param param the parameter's name, for the message
   * @param value its value, or null when missing
   * @param hosts the hosts allowed
   * @return {@code value}
   * @throws PageException 400 naming {@code param} when it is missing, not an absolute {@code http}
   *     URL, names another host, or has user info or a fragment
   */
  public static String require(String param, String value, List<String> hosts) {
    return require(
        param, value, hosts, "http://" + String.join("/, http://", hosts) + "/ (any port)");
  }

  private static String require(String param, String value, List<String> hosts, String allowed) {
    if (value == null || value.isEmpty()) {
      throw PageException.badParameter("The parameter \"" + param + "\" is missing.");
    }
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      throw PageException.badParameter(
          "The parameter \"" + param + "\" is not a URL (" + e.getMessage() + ").");
    }
    String host = uri.getHost() == null ? null : uri.getHost().toLowerCase(Locale.ROOT);
    if (!"http".equalsIgnoreCase(uri.getScheme()) || host == null || !hosts.contains(host)) {
      throw PageException.badParameter(
          "The parameter \""
              + param
              + "\" must be a URL on this computer, "
              + allowed
              + ", because the answer carries credentials; was \""
              + value
              + "\".");
    }
    if (uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
      throw PageException.badParameter(
          "The parameter \"" + param + "\" must not have user info or a #fragment.");
    }
    return value;
  }

  /**
   * Checks otumat's {@code redirect} or {@code cancel}: a loopback URL as {@link #require} with
   * {@link #OTUMAT_HOSTS}, or a plain {@code http} URL on any IP literal, IPv4 ({@code
   * http://203.0.113.7:38123/...}) or IPv6 ({@code http://[2001:db8::7]:38123/...}).
   *
   * <p>Why any address: otumat 0.3 runs its callback server on {@code 0.0.0.0} and builds the URLs
   * from the address of its outgoing interface, so on a machine with a public IPv4 address the
   * callback names that public address; refusing it made otumat wait out its timeout and save
   * "never collect" for good. The browser otumat opens runs on that same machine, so it reaches the
   * callback there. The consent page shows the address (see {@link #origin}) so the user sees where
   * the browser goes. Never accepted: host names other than {@code localhost} (a name could point
   * anywhere, and no lookup is made), the unspecified address ({@code 0.0.0.0}, {@code [::]}),
   * multicast and broadcast addresses, IPv6 zone ids, {@code https} (otumat's server is plain
   * HTTP), user info and fragments. Upkeep's own OAuth flow stays loopback-only ({@link
   * #OAUTH_HOSTS}).
   *
   * @throws PageException 400 naming {@code param} otherwise
   */
  public static String requireOtumat(String param, String value) {
    if (value != null) {
      try {
        URI uri = new URI(value);
        String host = uri.getHost();
        if ("http".equalsIgnoreCase(uri.getScheme())
            && host != null
            && ipLiteral(host)
            && uri.getRawUserInfo() == null
            && uri.getRawFragment() == null) {
          return value;
        }
      } catch (URISyntaxException e) {
        // reported by require below
      }
    }
    return require(
        param,
        value,
        OTUMAT_HOSTS,
        "http://localhost/ or an IP address such as http://127.0.0.1/, http://192.168.1.23/ or"
            + " http://[::1]/ (any port; host names are refused because a name could point"
            + " anywhere)");
  }

  /**
   * Whether {@code host} (as {@link URI#getHost()} gives it, IPv6 in brackets) is an IP literal a
   * browser can be sent to: dotted-quad IPv4 or bracketed IPv6 without a zone id, not the
   * unspecified, a multicast or the IPv4 broadcast address. No name is ever looked up.
   */
  static boolean ipLiteral(String host) {
    boolean v4 = IPV4.matcher(host).matches();
    if (!v4 && !IPV6.matcher(host).matches()) {
      return false;
    }
    try {
      InetAddress a = InetAddress.getByName(v4 ? host : host.substring(1, host.length() - 1));
      return !a.isAnyLocalAddress() && !a.isMulticastAddress() && !host.equals("255.255.255.255");
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /**
   * The scheme, host and port of a checked redirect URL, e.g. {@code http://203.0.113.7:38123}, as
   * the consent page shows it.
   */
  public static String origin(String url) {
    URI uri = URI.create(url);
    return uri.getScheme().toLowerCase(Locale.ROOT)
        + "://"
        + uri.getHost().toLowerCase(Locale.ROOT)
        + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
  }

  /** Whether a checked redirect URL names this computer (127.0.0.0/8, {@code ::1}, localhost). */
  public static boolean loopback(String url) {
    String host = URI.create(url).getHost().toLowerCase(Locale.ROOT);
    if (host.equals("localhost")) {
      return true;
    }
    try {
      return ipLiteral(host)
          && InetAddress.getByName(
                  host.startsWith("[") ? host.substring(1, host.length() - 1) : host)
              .isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** {@code url} with the parameters appended to its query ({@code ?} or {@code &}), encoded. */
  public static String withQuery(String url, List<Map.Entry<String, String>> params) {
    StringBuilder out = new StringBuilder(url);
    char sep = url.indexOf('?') < 0 ? '?' : (url.endsWith("?") || url.endsWith("&") ? 0 : '&');
    for (Map.Entry<String, String> p : params) {
      if (sep != 0) {
        out.append(sep);
      }
      out.append(URLEncoder.encode(p.getKey(), StandardCharsets.UTF_8))
          .append('=')
          .append(URLEncoder.encode(p.getValue(), StandardCharsets.UTF_8));
      sep = '&';
    }
    return out.toString();
  }
}
