package dev.upkeep.client;

import dev.upkeep.client.internal.consent.ConsentController;
import dev.upkeep.client.internal.transport.Endpoints;
import dev.upkeep.client.internal.transport.Http;
import dev.upkeep.client.internal.update.UpdateNotice;
import dev.upkeep.protocol.Json;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The client's questions to the server: {@code check_project} and {@code get_usage}. In the Upkeep
 * protocol {@code checkProject} asks {@code GET /v1/projects/{owner}/{name}/check}; usage is migas'
 * GraphQL {@code get_usage} in both protocols (it needs no token). Each is one request bounded by
 * the client's timeouts; failures become a result with {@code success == false}, and so does a
 * question asked while consent is not {@link ConsentMode#ON} (nothing is sent then).
 */
final class Queries implements UpdateNotice.Checker {
  private final Http http;
  private final URI base;
  private final Protocol protocol;
  private final ConsentController consent;

  /**
   * @param endpoint the server, or null when there is none (then consent is off)
   */
  Queries(Http http, URI endpoint, Protocol protocol, ConsentController consent) {
    this.http = http;
    this.base = endpoint == null ? null : Endpoints.base(endpoint);
    this.protocol = protocol;
    this.consent = consent;
  }

  ProjectCheck checkProject(String project, String version) {
    if (consent.mode() != ConsentMode.ON) {
      return ProjectCheck.failure(consent.offReason());
    }
    try {
      if (protocol == Protocol.UPKEEP) {
        int slash = project.indexOf('/');
        if (slash <= 0) {
          return ProjectCheck.failure("project must be \"owner/name\", was \"" + project + "\"");
        }
        URI uri =
            base.resolve(
                "v1/projects/"
                    + encode(project.substring(0, slash))
                    + "/"
                    + encode(project.substring(slash + 1))
                    + "/check?version="
                    + encode(version));
        Http.Response r = http.exchange("GET", uri, null, null);
        Map<?, ?> m = object(Json.parse(r.body));
        if (!r.ok()) {
          return ProjectCheck.failure("HTTP " + r.status + ": " + m.get("detail"));
        }
        return new ProjectCheck(
            true,
            (String) m.get("latest"),
            Boolean.TRUE.equals(m.get("flagged")),
            (String) m.get("message"));
      }
      Map<?, ?> data =
          graphql(
              "query{check_project(project:"
                  + Json.write(project)
                  + ",project_version:"
                  + Json.write(version)
                  + "){success,flagged,latest,message}}",
              "check_project");
      return new ProjectCheck(
          Boolean.TRUE.equals(data.get("success")),
          (String) data.get("latest"),
          Boolean.TRUE.equals(data.get("flagged")),
          (String) data.get("message"));
    } catch (Exception e) {
      return ProjectCheck.failure(e.toString());
    }
  }

  /** The update notice's question: {latest, flagged, message}, or null when it failed. */
  @Override
  public String[] check(String project, String version) {
    ProjectCheck c = checkProject(project, version);
    return c.success() ? new String[] {c.latest(), String.valueOf(c.flagged()), c.message()} : null;
  }

  UsageCount usage(String project, String from, String to, boolean unique) {
    if (consent.mode() != ConsentMode.ON) {
      return UsageCount.failure(consent.offReason());
    }
    try {
      StringBuilder q =
          new StringBuilder("query{get_usage(project:")
              .append(Json.write(project))
              .append(",start:")
              .append(Json.write(from));
      if (to != null) {
        q.append(",end:").append(Json.write(to));
      }
      q.append(",unique:").append(unique).append(")}");
      Map<?, ?> data = graphql(q.toString(), "get_usage");
      Object hits = data.get("hits");
      return new UsageCount(
          Boolean.TRUE.equals(data.get("success")),
          hits instanceof Number ? ((Number) hits).longValue() : 0,
          Boolean.TRUE.equals(data.get("unique")),
          (String) data.get("message"));
    } catch (Exception e) {
      return UsageCount.failure(e.toString());
    }
  }

  private Map<?, ?> graphql(String document, String field) throws Exception {
    byte[] body = Json.write(Map.of("query", document)).getBytes(StandardCharsets.UTF_8);
    Http.Response r =
        http.exchange("POST", base.resolve("graphql"), "application/json; charset=utf-8", body);
    Map<?, ?> root = object(Json.parse(r.body));
    Object data = root.get("data");
    if (!(data instanceof Map) || !(((Map<?, ?>) data).get(field) instanceof Map)) {
      throw new IllegalStateException("HTTP " + r.status + ": " + root.get("errors"));
    }
    return (Map<?, ?>) ((Map<?, ?>) data).get(field);
  }

  private static Map<?, ?> object(Object parsed) {
    if (parsed instanceof Map) {
      return (Map<?, ?>) parsed;
    }
    throw new IllegalStateException("expected a JSON object, got " + parsed);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
