package dev.upkeep.client;

import dev.upkeep.client.internal.Log;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * A client's settings after the environment's overrides ({@code UPKEEP_ENDPOINT}, {@code
 * UPKEEP_TIMEOUT}, {@code MIGAS_TIMEOUT}), each with the setting it came from, for {@code
 * status()}. Immutable.
 */
final class ClientSettings {

  final URI endpoint;
  final String endpointSource;
  final Protocol protocol;
  final Duration connectTimeout;
  final Duration readTimeout;
  final String timeoutSource;
  final UserIdPolicy userIdPolicy;
  final int queueCapacity;
  final Duration exitFlushTimeout;
  final Executor executor;

  ClientSettings(UpkeepClient.Builder b) {
    String fromEnv = b.env.get("UPKEEP_ENDPOINT");
    URI parsed = fromEnv == null || fromEnv.isBlank() ? null : httpUri(fromEnv.trim());
    if (parsed != null) {
      endpoint = parsed;
      endpointSource = "UPKEEP_ENDPOINT";
    } else if (fromEnv != null && !fromEnv.isBlank()) {
      endpoint = null;
      endpointSource = "UPKEEP_ENDPOINT is not an http(s) URL: \"" + fromEnv + "\"";
      Log.warn("telemetry off: " + endpointSource);
    } else if (b.endpoint != null) {
      endpoint = b.endpoint;
      endpointSource = "application";
    } else {
      endpoint = null;
      endpointSource = "no endpoint configured (set UPKEEP_ENDPOINT)";
    }
    protocol = b.protocol;
    String timeoutVar =
        protocol == Protocol.MIGAS && b.env.get("MIGAS_TIMEOUT") != null
            ? "MIGAS_TIMEOUT"
            : "UPKEEP_TIMEOUT";
    Duration override = seconds(b.env.get(timeoutVar));
    if (override != null) {
      connectTimeout = override;
      readTimeout = override;
      timeoutSource = timeoutVar;
    } else {
      connectTimeout = b.connectTimeout;
      readTimeout = b.readTimeout;
      timeoutSource = "application or default";
    }
    userIdPolicy = b.userIdPolicy;
    queueCapacity = b.queueCapacity;
    exitFlushTimeout = b.exitFlushTimeout;
    executor = b.executor;
  }

  private static Duration seconds(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      double s = Double.parseDouble(value.trim());
      return s > 0 ? Duration.ofMillis((long) (s * 1000)) : null;
    } catch (NumberFormatException e) {
      Log.warn("ignoring timeout \"" + value + "\": not a number of seconds");
      return null;
    }
  }

  /** The URL if it is an absolute http or https URL with a host, else null. */
  static URI httpUri(String text) {
    try {
      URI uri = new URI(text);
      String scheme = uri.getScheme();
      if (uri.getHost() == null
          || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
        return null;
      }
      return uri;
    } catch (java.net.URISyntaxException e) {
      return null;
    }
  }
}
