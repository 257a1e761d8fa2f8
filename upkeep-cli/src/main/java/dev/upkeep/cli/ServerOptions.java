package dev.upkeep.cli;

import picocli.CommandLine.Option;

/** Where admin and query commands reach the collector, and with which token. */
final class ServerOptions {
  /** Default collector URL: {@value}. */
  static final String DEFAULT_SERVER = "http://localhost:8080";

  @Option(
      names = "--server",
      defaultValue = DEFAULT_SERVER,
      description = "Collector URL (default ${DEFAULT-VALUE}).")
  String server;

  @Option(
      names = "--token",
      description = "API token (default: the UPKEEP_TOKEN environment variable).")
  String token;

  /** The collector URL without a trailing slash, to put a path the collector answered after. */
  String base() {
    return server.endsWith("/") ? server.substring(0, server.length() - 1) : server;
  }

  /** The client for these options. */
  ApiClient client() {
    return client(ApiClient.READ_TIMEOUT_MS);
  }

  /** The client for these options, waiting up to {@code readTimeoutMs} for each answer. */
  ApiClient client(int readTimeoutMs) {
    String t = token != null ? token : System.getenv("UPKEEP_TOKEN");
    return new ApiClient(server, t, readTimeoutMs);
  }
}
