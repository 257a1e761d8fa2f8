package dev.upkeep.server.api.migas;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upkeep.server.http.Bodies;
import dev.upkeep.server.http.ClientAddress;
import dev.upkeep.server.http.JsonLimits;
import graphql.ExecutionInput;
import graphql.GraphQL;
import graphql.GraphQLContext;
import graphql.analysis.MaxQueryComplexityInstrumentation;
import graphql.analysis.MaxQueryDepthInstrumentation;
import graphql.execution.AbortExecutionException;
import graphql.execution.instrumentation.ChainedInstrumentation;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * migas' GraphQL endpoint, {@code POST /graphql}, with migas-server 0.9's whole schema.
 *
 * <p>Bodies are {@code {"query": "..."}} as migas-py sends them ({@code variables} and {@code
 * operationName} are honoured too). Answers 200 with {@code {"data": ...}}, or {@code {"data":
 * null, "errors": [...]}} for documents that do not parse or validate (e.g. {@code status:wtf});
 * 400 in the same shape for a body that is not a GraphQL request; 503 with {@code Retry-After} when
 * the ingest queue was full or the store unavailable (see {@link FetchFailures}) and 500 when a
 * commit failed, all with the GraphQL body. Mutations that store a breadcrumb answer only after it
 * is committed.
 *
 * <p>Limits (a violation is a GraphQL error naming the limit, answered 400): selection depth
 * {@value #MAX_DEPTH}, complexity {@value #MAX_COMPLEXITY} (each field 1, {@code get_usage} {@value
 * #GET_USAGE_COMPLEXITY}); the body's JSON within {@link JsonLimits}; graphql-java's parser limits
 * (15 000 tokens, 500 levels of grammar rules; a syntax error, 200); {@code DateTime} arguments of
 * at most 64 characters within years 1 to 9999 (a validation error, 200).
 *
 * <p>The schema is built at the first request, not at the collector's start (see {@link
 * #graphql()}). Thread-safe.
 */
public final class GraphQlRoute implements Handler {
  private static final com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>
      VARIABLES = new com.fasterxml.jackson.core.type.TypeReference<>() {};

  /** Deepest selection a document may have: {@value} (migas' own documents have 2). */
  static final int MAX_DEPTH = 15;

  /**
   * Most fields a document may select, counting {@code get_usage} (a count over the events) as
   * {@value #GET_USAGE_COMPLEXITY}: {@value}.
   */
  static final int MAX_COMPLEXITY = 300;

  /** What one {@code get_usage} counts towards {@link #MAX_COMPLEXITY}: {@value}. */
  static final int GET_USAGE_COMPLEXITY = 20;

  private final MigasFetchers fetchers;
  private final ObjectMapper json;
  private final int maxBodyBytes;

  /** Built at the first request (see {@link #graphql()}); null until then. */
  private volatile GraphQL graphql;

  GraphQlRoute(MigasFetchers fetchers, ObjectMapper json, int maxBodyBytes) {
    this.fetchers = fetchers;
    this.json = json;
    this.maxBodyBytes = maxBodyBytes;
  }

  /**
   * The executable schema, parsed and wired at the first call: graphql-java's classes and migas'
   * schema cost about 0.3 s of a collector's start and some megabytes of metaspace, which a
   * collector that no migas-py 0.4.0 client reaches never pays. The first {@code /graphql} request
   * waits for it; every request gets the same instance (double-checked on a volatile field), and
   * {@link GraphQL} itself is thread-safe.
   */
  GraphQL graphql() {
    GraphQL g = graphql;
    if (g == null) {
      synchronized (this) {
        g = graphql;
        if (g == null) {
          g = build(fetchers);
          graphql = g;
        }
      }
    }
    return g;
  }

  private static GraphQL build(MigasFetchers fetchers) {
    return GraphQL.newGraphQL(schema(fetchers))
        .defaultDataFetcherExceptionHandler(new FetchFailures())
        .instrumentation(
            new ChainedInstrumentation(
                new MaxQueryDepthInstrumentation(MAX_DEPTH),
                new MaxQueryComplexityInstrumentation(
                    MAX_COMPLEXITY,
                    (env, children) ->
                        children
                            + (env.getField().getName().equals("get_usage")
                                ? GET_USAGE_COMPLEXITY
                                : 1))))
        .build();
  }

  /** The route over the given services. */
  public static GraphQlRoute create(
      dev.upkeep.server.projects.ProjectRegistry registry,
      dev.upkeep.server.versions.VersionCheck versions,
      dev.upkeep.server.store.EventStore events,
      dev.upkeep.server.ingest.IngestPipeline pipeline,
      dev.upkeep.server.auth.Access access,
      java.time.Clock clock,
      ObjectMapper json,
      int maxBodyBytes) {
    return new GraphQlRoute(
        new MigasFetchers(registry, versions, events, pipeline, access, clock), json, maxBodyBytes);
  }

  @Override
  public void handle(Context ctx) {
    byte[] body = Bodies.read(ctx, maxBodyBytes);
    JsonNode request;
    try {
      request = json.readTree(body);
    } catch (JsonProcessingException e) {
      ctx.status(400).json(errors("The body is not valid JSON: " + JsonLimits.describe(e)));
      return;
    } catch (IOException e) {
      ctx.status(400).json(errors("The body could not be read."));
      return;
    }
    if (request == null || !request.isObject() || !request.path("query").isTextual()) {
      ctx.status(400)
          .json(
              errors(
                  "The body must be a JSON object with a string \"query\" (a GraphQL document)."));
      return;
    }
    Map<String, Object> variables =
        request.path("variables").isObject()
            ? json.convertValue(request.get("variables"), VARIABLES)
            : Map.of();
    Map<String, Object> context = new java.util.HashMap<>();
    context.put(MigasFetchers.CLIENT, ClientAddress.of(ctx));
    String authorization = ctx.header("Authorization");
    if (authorization != null) {
      context.put(MigasFetchers.AUTHORIZATION, authorization);
    }
    ExecutionInput input =
        ExecutionInput.newExecutionInput()
            .query(request.get("query").textValue())
            .operationName(
                request.path("operationName").isTextual()
                    ? request.get("operationName").textValue()
                    : null)
            .variables(variables)
            .graphQLContext(context)
            .build();
    GraphQLContext gql = input.getGraphQLContext();
    GraphQL executable = graphql();
    ctx.future(
        () ->
            executable
                .executeAsync(input)
                .thenAccept(
                    result -> {
                      Map<String, Object> spec = new LinkedHashMap<>();
                      Map<String, Object> raw = result.toSpecification();
                      spec.put("data", raw.get("data"));
                      if (raw.containsKey("errors")) {
                        spec.put("errors", cleaned(raw.get("errors")));
                      }
                      Long retryAfter = gql.get(MigasFetchers.RETRY_AFTER);
                      boolean overLimit =
                          result.getErrors().stream()
                              .anyMatch(e -> e instanceof AbortExecutionException);
                      if (overLimit) {
                        ctx.status(400);
                      } else if (retryAfter != null) {
                        ctx.status(gql.<Integer>get(MigasFetchers.REFUSED_STATUS))
                            .header("Retry-After", retryAfter.toString());
                      } else if (gql.hasKey(MigasFetchers.STORAGE_FAILED)) {
                        ctx.status(500);
                      }
                      ctx.json(spec);
                    }));
  }

  /** The spec's error maps with {@link ErrorText#clean} messages. */
  @SuppressWarnings("unchecked")
  private static Object cleaned(Object errors) {
    if (!(errors instanceof List<?> list)) {
      return errors;
    }
    List<Object> out = new java.util.ArrayList<>(list.size());
    for (Object e : list) {
      if (e instanceof Map<?, ?> m && m.get("message") instanceof String text) {
        Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) m);
        copy.put("message", ErrorText.clean(text));
        out.add(copy);
      } else {
        out.add(e);
      }
    }
    return out;
  }

  private static Map<String, Object> errors(String message) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("data", null);
    out.put("errors", List.of(Map.of("message", message)));
    return out;
  }

  private static GraphQLSchema schema(MigasFetchers f) {
    String sdl;
    try (InputStream in = GraphQlRoute.class.getResourceAsStream("migas.graphqls")) {
      sdl = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("migas.graphqls is missing from the jar", e);
    }
    RuntimeWiring wiring =
        RuntimeWiring.newRuntimeWiring()
            .scalar(MigasScalars.DATE_TIME)
            .scalar(MigasScalars.SAFE_STR)
            .scalar(MigasScalars.JSON)
            .type(
                "Query",
                t ->
                    t.dataFetcher("get_projects", f::getProjects)
                        .dataFetcher("check_project", f::checkProject)
                        .dataFetcher("get_usage", f::getUsage))
            .type(
                "Mutation",
                t ->
                    t.dataFetcher("add_breadcrumb", f::addBreadcrumb)
                        .dataFetcher("add_project", f::addProject)
                        .dataFetcher("register_project", f::registerProject)
                        .dataFetcher("issue_token", f::issueToken)
                        .dataFetcher("revoke_token", f::revokeToken))
            .build();
    return new SchemaGenerator().makeExecutableSchema(new SchemaParser().parse(sdl), wiring);
  }
}
