package dev.upkeep.client.internal.transport;

import java.net.URI;

/** Builds request URIs under an endpoint. */
public final class Endpoints {
  private Endpoints() {}

  /**
   * The endpoint's base: the URI without a trailing {@code /graphql} (migas-py 0.4.0's endpoint is
   * the GraphQL URL itself) and with a trailing slash.
   */
  public static URI base(URI endpoint) {
    String s = endpoint.toString();
    if (s.endsWith("/graphql")) {
      s = s.substring(0, s.length() - "graphql".length());
    }
    return URI.create(s.endsWith("/") ? s : s + "/");
  }

  /** {@code path} (without a leading slash) under the endpoint's base. */
  public static URI resolve(URI endpoint, String path) {
    return base(endpoint).resolve(path);
  }
}
