package dev.upkeep.server.api.consent;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The loopback URLs a consent page sends the browser back to (RFC 8252 section 7.3): the local
 * server of the application that asked, which receives codes or tokens in the query string, so it
 * must be plain {@code http} on this machine and nowhere else. Stateless, thread-safe.
 */
public final class LoopbackRedirect {
  /**
   * Hosts otumat's {@code redirect} and {@code cancel} may name, besides private-network IP
   * literals (see {@link #requireOtumat}).
   */
  public static final List<String> OTUMAT_HOSTS = List.of("127.0.0.1", "localhost", "[::1]");

  /** Hosts an OAuth {@code redirect_uri} may name: IP literals only (RFC 8252 section 8.3). */
  public static final List<String> OAUTH_HOSTS = List.of("127.0.0.1", "[::1]");

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
   * {@link #OTUMAT_HOSTS}, or one on an IP literal of a private network (10/8, 172.16/12,
   * 192.168/16, 169.254/16, fc00::/7, fe80::/10). otumat 0.3 builds its callback URLs from the
   * address of its outgoing interface, e.g. {@code http://192.168.1.23:5123/install-completed}; the
   * browser it opens runs on the same computer, so the answer stays on this computer or, at worst,
   * this network, never a public host.
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
            && privateAddress(host)
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
        "http://127.0.0.1/, http://localhost/, http://[::1]/ or a private-network address such as"
            + " http://192.168.1.23/ (any port)");
  }

  /** Whether {@code host} is an IP literal (never a name: no lookup) of a private network. */
  static boolean privateAddress(String host) {
    String h =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    boolean literal = h.matches("[0-9.]+") || (h.contains(":") && h.matches("[0-9A-Fa-f:.%a-z]+"));
    if (!literal) {
      return false;
    }
    try {
      java.net.InetAddress a = java.net.InetAddress.getByName(h);
      byte[] b = a.getAddress();
      boolean ula = b.length == 16 && (b[0] & 0xfe) == 0xfc;
      return a.isSiteLocalAddress() || a.isLinkLocalAddress() || a.isLoopbackAddress() || ula;
    } catch (java.net.UnknownHostException e) {
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
