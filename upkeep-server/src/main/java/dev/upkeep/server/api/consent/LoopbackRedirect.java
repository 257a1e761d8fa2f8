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
  /** Hosts otumat's {@code redirect} and {@code cancel} may name. */
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
    if (value == null || value.isEmpty()) {
      throw PageException.badParameter("The parameter \"" + param + "\" is missing.");
    }
    String allowed = "http://" + String.join("/, http://", hosts) + "/ (any port)";
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
