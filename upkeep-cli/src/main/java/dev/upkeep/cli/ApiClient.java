package dev.upkeep.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A small client of the collector's v1 API for the CLI. Errors become {@link CliException}s
 * carrying the server's {@code detail}. Transport is {@link HttpURLConnection}, as in the client
 * library: {@code java.net.http}'s client cost about 0.5 s of every admin command's run (its start
 * sets up TLS even for plain HTTP).
 */
final class ApiClient {
  /**
   * Writes request bodies; made at the first body, so that commands that only read never load it.
   */
  private static final class Writer {
    static final ObjectMapper JSON = new ObjectMapper();
  }

  /** Longest wait for a connection to the collector: {@value} ms. */
  static final int CONNECT_TIMEOUT_MS = 5_000;

  /** Longest wait for the collector's answer: {@value} ms. */
  static final int READ_TIMEOUT_MS = 30_000;

  private final String base;
  private final String token;
  private final int readTimeoutMs;

  ApiClient(String base, String token) {
    this(base, token, READ_TIMEOUT_MS);
  }

  /**
   * @param readTimeoutMs the longest wait for an answer, for a request the collector takes its time
   *     over (upkeep alert test waits for deliveries)
   */
  ApiClient(String base, String token, int readTimeoutMs) {
    this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    this.token = token;
    this.readTimeoutMs = readTimeoutMs;
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

  /**
   * GETs {@code path} and copies the collector's answer to {@code out} as it arrives, for answers
   * too large to hold (a user's export).
   *
   * @return the bytes copied
   */
  long copy(String path, OutputStream out) {
    try {
      HttpURLConnection c = open("GET", path, null);
      try (InputStream in = c.getInputStream()) {
        return in.transferTo(out);
      }
    } catch (ConnectException e) {
      throw unreachable(e);
    } catch (IOException | IllegalArgumentException e) {
      throw new CliException("request to " + base + path + " failed: " + e, e);
    }
  }

  private JsonNode send(String method, String path, Map<String, ?> body) {
    try {
      HttpURLConnection c = open(method, path, body);
      String text;
      try (InputStream in = c.getInputStream()) {
        text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      return text.isEmpty() ? JsonNodeFactory.instance.objectNode() : JsonTree.read(text);
    } catch (ConnectException e) {
      throw unreachable(e);
    } catch (IOException | IllegalArgumentException e) {
      throw new CliException("request to " + base + path + " failed: " + e, e);
    }
  }

  /**
   * Sends a request and returns the connection once the collector answered with a status below 400.
   *
   * @throws CliException for a status of 400 or more, with the server's {@code detail}
   */
  private HttpURLConnection open(String method, String path, Map<String, ?> body)
      throws IOException {
    HttpURLConnection c = (HttpURLConnection) URI.create(base + path).toURL().openConnection();
    c.setConnectTimeout(CONNECT_TIMEOUT_MS);
    c.setReadTimeout(readTimeoutMs);
    c.setRequestMethod(method);
    if (token != null && !token.isBlank()) {
      c.setRequestProperty("Authorization", "Bearer " + token.trim());
    }
    if (body != null) {
      byte[] bytes = Writer.JSON.writeValueAsBytes(body);
      c.setRequestProperty("Content-Type", "application/json");
      c.setDoOutput(true);
      c.setFixedLengthStreamingMode(bytes.length);
      try (OutputStream out = c.getOutputStream()) {
        out.write(bytes);
      }
    }
    int status = c.getResponseCode();
    if (status >= 400) {
      String text;
      try (InputStream in = c.getErrorStream()) {
        text = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      JsonNode detail = null;
      try {
        detail = text.isEmpty() ? null : JsonTree.read(text).get("detail");
      } catch (IOException notJson) {
        // a proxy's page: its text is the detail
      }
      throw new CliException(
          method
              + " "
              + path
              + " failed with HTTP "
              + status
              + ": "
              + (detail == null ? text : detail.isTextual() ? detail.textValue() : detail));
    }
    return c;
  }

  private CliException unreachable(ConnectException e) {
    return new CliException(
        "cannot reach the collector at " + base + " (is `upkeep serve` running? set --server)", e);
  }
}
