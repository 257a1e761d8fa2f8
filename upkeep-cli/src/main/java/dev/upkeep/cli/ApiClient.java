package dev.upkeep.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * A small client of the collector's v1 API for the CLI. Errors become {@link CliException}s
 * carrying the server's {@code detail}.
 */
final class ApiClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String base;
  private final String token;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  ApiClient(String base, String token) {
    this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    this.token = token;
  }

  JsonNode get(String path) {
    return send("GET", path, null);
  }

  JsonNode post(String path, Map<String, ?> body) {
    return send("POST", path, body);
  }

  JsonNode put(String path, Map<String, ?> body) {
    return send("PUT", path, body);
  }

  JsonNode delete(String path) {
    return send("DELETE", path, null);
  }

  /** The path of a project's resource, e.g. {@code /v1/projects/owner/name/usage}. */
  static String projectPath(String project, String rest) {
    int slash = project.indexOf('/');
    if (slash <= 0 || slash == project.length() - 1 || project.indexOf('/', slash + 1) >= 0) {
      throw new CliException("project must be \"owner/name\", was \"" + project + "\"");
    }
    return "/v1/projects/"
        + encode(project.substring(0, slash))
        + "/"
        + encode(project.substring(slash + 1))
        + rest;
  }

  static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private JsonNode send(String method, String path, Map<String, ?> body) {
    HttpRequest.Builder req =
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
    if (token != null && !token.isBlank()) {
      req.header("Authorization", "Bearer " + token.trim());
    }
    try {
      if (body == null) {
        req.method(method, HttpRequest.BodyPublishers.noBody());
      } else {
        req.header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
      }
      HttpResponse<String> res = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
      JsonNode json = res.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(res.body());
      if (res.statusCode() >= 400) {
        JsonNode detail = json.get("detail");
        throw new CliException(
            method
                + " "
                + path
                + " failed with HTTP "
                + res.statusCode()
                + ": "
                + (detail == null ? res.body() : detail.isTextual() ? detail.textValue() : detail));
      }
      return json;
    } catch (ConnectException e) {
      throw new CliException(
          "cannot reach the collector at " + base + " (is `upkeep serve` running? set --server)",
          e);
    } catch (IOException e) {
      throw new CliException("request to " + base + path + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted", e);
    }
  }
}
