package dev.upkeep.server.testing;

import dev.upkeep.server.ServerConfig;
import dev.upkeep.server.ServerConfigBuilder;
import dev.upkeep.server.UpkeepServer;
import dev.upkeep.server.store.Project;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A real collector on an ephemeral port over a fresh SQLite file, on a {@link MutableClock} the
 * test moves, with a JDK HTTP client that does not follow redirects.
 */
public final class TestServer implements AutoCloseable {
  /** Where the clock starts: a fixed, recent instant. */
  public static final Instant START = Instant.parse("2026-03-01T12:00:00Z");

  public final UpkeepServer server;
  public final MutableClock clock;
  public final Path dataDir;
  private final HttpClient http =
      HttpClient.newBuilder()
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  private TestServer(UpkeepServer server, MutableClock clock, Path dataDir) {
    this.server = server;
    this.clock = clock;
    this.dataDir = dataDir;
  }

  /** Starts a server in {@code dir} with the rate limit off and an access-token lifetime. */
  public static TestServer start(Path dir, Duration installTokenTtl) {
    return start(dir, installTokenTtl, b -> b);
  }

  /** As {@link #start(Path, Duration)}, with further settings made by {@code tweak}. */
  public static TestServer start(
      Path dir, Duration installTokenTtl, UnaryOperator<ServerConfigBuilder> tweak) {
    MutableClock clock = new MutableClock(START);
    ServerConfigBuilder b =
        ServerConfig.builder()
            .host("127.0.0.1")
            .port(0)
            .dataDir(dir)
            .rateLimitEnabled(false)
            .installTokenTtl(installTokenTtl);
    return new TestServer(UpkeepServer.start(tweak.apply(b).build(), clock), clock, dir);
  }

  /** Registers a project straight in the store. */
  public Project register(String name) {
    return server.store().projects().register(name).orElseThrow();
  }

  /**
   * Issues a token of {@code project} through {@code POST /v1/tokens} with the master token.
   *
   * @param scope {@code publish}, or null for a token that reads
   * @return the raw token
   */
  public String issueToken(String project, String scope) throws IOException {
    String body =
        "{\"project\":\""
            + project
            + "\""
            + (scope == null ? "" : ",\"scope\":\"" + scope + "\"")
            + "}";
    HttpResponse<String> r =
        post(
            "/v1/tokens",
            "application/json",
            body,
            "Authorization",
            "Bearer " + server.initialMasterToken().orElseThrow());
    if (r.statusCode() != 201
        || !r.body().contains("\"scope\":\"" + (scope == null ? "read" : scope) + "\"")) {
      throw new IllegalStateException(
          "POST /v1/tokens answered " + r.statusCode() + ": " + r.body());
    }
    int at = r.body().indexOf("\"token\":\"") + 9;
    return r.body().substring(at, r.body().indexOf('"', at));
  }

  public URI uri(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + server.port() + pathAndQuery);
  }

  /** GET with header name/value pairs. */
  public HttpResponse<String> get(String pathAndQuery, String... headers) throws IOException {
    return send(HttpRequest.newBuilder(uri(pathAndQuery)).GET(), headers);
  }

  /** POST a body with its Content-Type (null for none) and header name/value pairs. */
  public HttpResponse<String> post(String path, String contentType, String body, String... headers)
      throws IOException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri(path))
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    return send(b, headers);
  }

  /** PUT a JSON body with header name/value pairs. */
  public HttpResponse<String> putJson(String path, String body, String... headers)
      throws IOException {
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)),
        headers);
  }

  /** DELETE with header name/value pairs. */
  public HttpResponse<String> delete(String path, String... headers) throws IOException {
    return send(HttpRequest.newBuilder(uri(path)).DELETE(), headers);
  }

  /** POST a form. */
  public HttpResponse<String> postForm(
      String path, List<Map.Entry<String, String>> form, String... headers) throws IOException {
    return post(path, "application/x-www-form-urlencoded", encode(form), headers);
  }

  /**
   * What a browser does on a consent page: GETs {@code path?params}, keeps the cookie it sets and
   * the page's hidden inputs, and posts them back to {@code path} with {@code decision}, the
   * cookie, and {@code Origin} and {@code Sec-Fetch-Site: same-origin} as a browser sends them,
   * plus {@code headers}.
   *
   * @throws AssertionError when the GET is not a 200 page
   */
  public HttpResponse<String> consent(
      String path, List<Map.Entry<String, String>> params, String decision, String... headers)
      throws IOException {
    HttpResponse<String> page = get(path + "?" + encode(params));
    if (page.statusCode() != 200) {
      throw new AssertionError("consent page answered " + page.statusCode() + ": " + page.body());
    }
    List<Map.Entry<String, String>> form = hidden(page.body());
    form.add(Map.entry("decision", decision));
    List<String> h = new ArrayList<>(List.of(headers));
    cookie(page).ifPresent(c -> h.addAll(List.of("Cookie", c)));
    h.addAll(
        List.of("Origin", "http://127.0.0.1:" + server.port(), "Sec-Fetch-Site", "same-origin"));
    return postForm(path, form, h.toArray(new String[0]));
  }

  /** The {@code name=value} of the first {@code Set-Cookie} of a response. */
  public static java.util.Optional<String> cookie(HttpResponse<String> r) {
    return r.headers().firstValue("Set-Cookie").map(c -> c.split(";", 2)[0]);
  }

  /** The hidden inputs of a page, decoded, in order. */
  public static List<Map.Entry<String, String>> hidden(String html) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile(
                "<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\">")
            .matcher(html);
    List<Map.Entry<String, String>> out = new ArrayList<>();
    while (m.find()) {
      out.add(Map.entry(unescape(m.group(1)), unescape(m.group(2))));
    }
    return out;
  }

  private static String unescape(String s) {
    return s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
  }

  private HttpResponse<String> send(HttpRequest.Builder b, String... headers) throws IOException {
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    try {
      return http.send(
          b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /** {@code a=1&b=2}, form-encoded. */
  public static String encode(List<Map.Entry<String, String>> pairs) {
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, String> p : pairs) {
      if (out.length() > 0) {
        out.append('&');
      }
      out.append(java.net.URLEncoder.encode(p.getKey(), StandardCharsets.UTF_8))
          .append('=')
          .append(java.net.URLEncoder.encode(p.getValue(), StandardCharsets.UTF_8));
    }
    return out.toString();
  }

  /** The query parameters of a URL (first value of each), decoded. */
  public static Map<String, String> query(String url) {
    Map<String, String> out = new LinkedHashMap<>();
    String q = URI.create(url).getRawQuery();
    if (q == null) {
      return out;
    }
    for (String part : q.split("&")) {
      int eq = part.indexOf('=');
      out.putIfAbsent(
          URLDecoder.decode(part.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out;
  }

  /** Rows of a query on the store's SQLite file, each as column values in order. */
  public List<List<String>> rows(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("upkeep.db"));
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      List<List<String>> out = new ArrayList<>();
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          row.add(rs.getString(i));
        }
        out.add(row);
      }
      return out;
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
