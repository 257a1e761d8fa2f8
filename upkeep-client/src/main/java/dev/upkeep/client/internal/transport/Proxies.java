package dev.upkeep.client.internal.transport;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.util.Locale;
import java.util.Map;

/**
 * Which proxy a request goes through. The JVM's own {@code https.proxyHost} / {@code
 * http.proxyHost} system properties win (the JDK's default selector applies them, with {@code
 * http.nonProxyHosts}); otherwise {@code HTTPS_PROXY} (for https URLs) or {@code HTTP_PROXY}
 * (either case) as curl reads them, unless the host matches {@code NO_PROXY}: a comma-separated
 * list of host names, domain suffixes ({@code .example.com} or {@code example.com}), IP addresses,
 * or {@code *}. Immutable, thread-safe.
 */
public final class Proxies {
  private final Map<String, String> env;
  private final java.util.function.Function<String, String> sysProp;

  public Proxies(Map<String, String> env, java.util.function.Function<String, String> sysProp) {
    this.env = env;
    this.sysProp = sysProp;
  }

  /**
   * The proxy for a URL: null to let the JDK decide (system properties or none), or an explicit
   * proxy from the environment, or {@link Proxy#NO_PROXY}.
   */
  public Proxy select(URI uri) {
    String scheme = uri.getScheme() == null ? "http" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (sysProp.apply(scheme + ".proxyHost") != null) {
      return null;
    }
    String spec = first(scheme.equals("https") ? "HTTPS_PROXY" : "HTTP_PROXY");
    if (spec == null || spec.isBlank()) {
      return null;
    }
    if (bypassed(uri.getHost(), first("NO_PROXY"))) {
      return Proxy.NO_PROXY;
    }
    URI proxy = URI.create(spec.contains("://") ? spec : "http://" + spec);
    int port = proxy.getPort() > 0 ? proxy.getPort() : 80;
    return new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(proxy.getHost(), port));
  }

  private String first(String name) {
    String v = env.get(name);
    return v != null ? v : env.get(name.toLowerCase(Locale.ROOT));
  }

  static boolean bypassed(String host, String noProxy) {
    if (host == null || noProxy == null) {
      return false;
    }
    String h = unbracket(host.toLowerCase(Locale.ROOT));
    for (String raw : noProxy.split(",")) {
      String entry = raw.trim().toLowerCase(Locale.ROOT);
      if (entry.startsWith("[")) {
        int close = entry.indexOf(']');
        entry = close > 0 ? entry.substring(1, close) : entry;
      } else {
        int colon = entry.lastIndexOf(':');
        if (colon > 0 && entry.indexOf(':') == colon) {
          entry = entry.substring(0, colon);
        }
      }
      if (entry.isEmpty()) {
        continue;
      }
      if (entry.equals("*") || h.equals(entry)) {
        return true;
      }
      if (entry.startsWith(".") && h.equals(entry.substring(1))) {
        return true;
      }
      String suffix = entry.startsWith(".") ? entry : "." + entry;
      if (h.endsWith(suffix)) {
        return true;
      }
    }
    return false;
  }

  private static String unbracket(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }
}
