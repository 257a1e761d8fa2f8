package dev.upkeep.server.http;

import io.javalin.http.Context;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;

/**
 * The client address a request is limited by: the socket peer, or, when the peer is a {@link
 * TrustedProxies trusted proxy}, the right-most address of {@code X-Forwarded-For} that is not
 * itself a trusted proxy. Each proxy appends the address it received the request from, so that
 * address is the first one written by a proxy the collector trusts, and nothing a client writes
 * into the header itself can take its place; when every address in the header is a trusted proxy,
 * the left-most one is the client. An entry that is not an IP address stops the walk at the trusted
 * hop after it (a client cannot choose its key by writing text). A request from an untrusted peer
 * is the peer, whatever its header says.
 *
 * <p>{@link #remember} resolves the address once per request (in the server's before-handler) and
 * {@link #of} reads it in the routes: the request limit, the event limits and the queue's fair
 * share all count the same client. The resolved address is never logged nor stored (the limits keep
 * a keyed hash of it). Thread-safe.
 */
public final class ClientAddress {
  private static final String ATTRIBUTE = ClientAddress.class.getName();

  private final TrustedProxies trusted;

  public ClientAddress(TrustedProxies trusted) {
    this.trusted = trusted;
  }

  /** Resolves the request's client address, keeps it on the request, and returns it. */
  public String remember(Context ctx) {
    String peer = ctx.ip();
    String client = trusted.isEmpty() ? canonical(peer) : resolve(peer, forwardedFor(ctx));
    ctx.attribute(ATTRIBUTE, client);
    return client;
  }

  /**
   * The client address of a request from the socket peer {@code peer} carrying these {@code
   * X-Forwarded-For} header values (in the order received), as {@link #remember} resolves it.
   */
  public String of(InetAddress peer, List<String> forwardedFor) {
    String address = peer.getHostAddress();
    return trusted.isEmpty() ? address : resolve(address, forwardedFor);
  }

  /** The address {@link #remember} resolved for this request, else its socket peer. */
  public static String of(Context ctx) {
    String client = ctx.attribute(ATTRIBUTE);
    return client != null ? client : canonical(ctx.ip());
  }

  /**
   * The client address of a request from {@code peer} carrying these {@code X-Forwarded-For} header
   * values (in the order received; each may list several addresses).
   */
  String resolve(String peer, List<String> forwardedFor) {
    Optional<InetAddress> p = IpLiteral.parse(peer);
    if (p.isEmpty() || !trusted.contains(p.get())) {
      return canonical(peer);
    }
    List<String> hops = new ArrayList<>();
    for (String value : forwardedFor) {
      for (String hop : value.split(",")) {
        hops.add(hop.strip());
      }
    }
    InetAddress client = p.get();
    for (int i = hops.size() - 1; i >= 0; i--) {
      Optional<InetAddress> hop = IpLiteral.parse(withoutPort(hops.get(i)));
      if (hop.isEmpty()) {
        break;
      }
      client = hop.get();
      if (!trusted.contains(client)) {
        break;
      }
    }
    return client.getHostAddress();
  }

  private static List<String> forwardedFor(Context ctx) {
    Enumeration<String> values = ctx.req().getHeaders("X-Forwarded-For");
    return values == null ? List.of() : Collections.list(values);
  }

  /** {@code 1.2.3.4:5678} as {@code 1.2.3.4}, {@code [::1]:80} as {@code [::1]}; else as is. */
  private static String withoutPort(String hop) {
    int colon = hop.lastIndexOf(':');
    if (hop.startsWith("[")) {
      int close = hop.indexOf(']');
      return close > 0 ? hop.substring(0, close + 1) : hop;
    }
    if (colon > 0 && hop.indexOf(':') == colon && hop.indexOf('.') > 0) {
      return hop.substring(0, colon);
    }
    return hop;
  }

  /** One spelling per address ({@code ::1} and {@code 0:0:0:0:0:0:0:1} are one client). */
  private static String canonical(String address) {
    return IpLiteral.parse(address).map(InetAddress::getHostAddress).orElse(address);
  }
}
