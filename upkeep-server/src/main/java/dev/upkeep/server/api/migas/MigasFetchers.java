package dev.upkeep.server.api.migas;

import dev.upkeep.server.auth.Access;
import dev.upkeep.server.ingest.IngestPipeline;
import dev.upkeep.server.ingest.IngestRefusedException;
import dev.upkeep.server.ingest.QueueFullException;
import dev.upkeep.server.ingest.RunStatus;
import dev.upkeep.server.ingest.UsageEvent;
import dev.upkeep.server.ingest.UserType;
import dev.upkeep.server.projects.ProjectExistsException;
import dev.upkeep.server.projects.ProjectRegistry;
import dev.upkeep.server.store.EventStore;
import dev.upkeep.server.store.Project;
import dev.upkeep.server.store.TokenRecord;
import dev.upkeep.server.store.TokenRecord.TokenKind;
import dev.upkeep.server.store.UsageFilter;
import dev.upkeep.server.versions.VersionCheck;
import graphql.GraphQLContext;
import graphql.schema.DataFetchingEnvironment;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The data fetchers of migas' GraphQL schema. Results are maps whose key order is the order
 * migas-server answers in. Thread-safe.
 */
final class MigasFetchers {
  /** GraphQL context key: the request's {@code Authorization} header (may be absent). */
  static final String AUTHORIZATION = "authorization";

  /** GraphQL context key: the client's address, for the ingest limits and fair share. */
  static final String CLIENT = "client";

  /** GraphQL context key set when ingest refused a breadcrumb: seconds for {@code Retry-After}. */
  static final String RETRY_AFTER = "retryAfter";

  /** GraphQL context key set with {@link #RETRY_AFTER}: the HTTP status, 503 or 429. */
  static final String REFUSED_STATUS = "refusedStatus";

  /** GraphQL context key set when a commit failed. */
  static final String STORAGE_FAILED = "storageFailed";

  private static final String NEEDS_MASTER =
      "A master token is required: send Authorization: Bearer <master token>.";

  private final ProjectRegistry registry;
  private final VersionCheck versions;
  private final EventStore events;
  private final IngestPipeline pipeline;
  private final Access access;
  private final Clock clock;

  MigasFetchers(
      ProjectRegistry registry,
      VersionCheck versions,
      EventStore events,
      IngestPipeline pipeline,
      Access access,
      Clock clock) {
    this.registry = registry;
    this.versions = versions;
    this.events = events;
    this.pipeline = pipeline;
    this.access = access;
    this.clock = clock;
  }

  /**
   * {@code get_projects}: the projects whose counts are public, as migas-server lists every project
   * to anyone, and the private ones the caller's token reads (all of them for the master token).
   */
  List<String> getProjects(DataFetchingEnvironment env) {
    // the token resolved once, not once per private project
    Optional<TokenRecord> token = access.resolve(env.getGraphQlContext().get(AUTHORIZATION));
    return registry.list().stream()
        .filter(p -> p.isPublic() || token.map(t -> Access.tokenReads(t, p.name())).orElse(false))
        .map(Project::name)
        .toList();
  }

  Map<String, Object> checkProject(DataFetchingEnvironment env) {
    String project = env.getArgument("project");
    String version = env.getArgument("project_version");
    Map<String, Object> out = new LinkedHashMap<>();
    Optional<Project> p = registry.find(project);
    if (p.isEmpty()) {
      out.put("success", false);
      out.put("flagged", false);
      out.put("latest", MigasCrumb.coerceVersion(version));
      out.put("message", "Project \"" + project + "\" is not being tracked");
      return out;
    }
    VersionCheck.Result r = versions.check(project, version);
    out.put("success", true);
    out.put("flagged", r.flagged());
    out.put("latest", r.latest());
    out.put("message", r.message());
    return out;
  }

  /**
   * {@code get_usage}: the project's hits or unique users, for anyone when its counts are public
   * (as migas-server answers anyone), else for a token that reads it; answered {@code success:
   * false} as an untracked project otherwise.
   */
  Map<String, Object> getUsage(DataFetchingEnvironment env) {
    String project = env.getArgument("project");
    Instant start = env.getArgument("start");
    Instant end = env.getArgument("end");
    boolean unique = Boolean.TRUE.equals(env.getArgument("unique"));
    Map<String, Object> out = new LinkedHashMap<>();
    // a private project's counts need a token that reads it; without one it is answered as an
    // untracked project, in migas' own shape, so that its presence is not told either
    Optional<Project> p =
        registry
            .find(project)
            .filter(
                x ->
                    x.isPublic()
                        || access.reads(env.getGraphQlContext().get(AUTHORIZATION), x.name()));
    if (p.isEmpty()) {
      out.put("hits", 0);
      out.put("message", "Project \"" + project + "\" is not being tracked");
      out.put("unique", false);
      out.put("success", false);
      return out;
    }
    long hits =
        events.count(
            new UsageFilter(
                p.get().id(),
                start,
                end == null ? clock.instant() : end,
                unique,
                UsageEvent.BREADCRUMB));
    out.put("hits", hits);
    out.put("message", "");
    out.put("unique", unique);
    out.put("success", true);
    return out;
  }

  CompletableFuture<Map<String, Object>> addBreadcrumb(DataFetchingEnvironment env) {
    Map<String, Object> ctx = env.getArgument("ctx");
    Map<String, Object> proc = env.getArgument("proc");
    MigasCrumb crumb =
        crumb(
            env.getArgument("project"),
            env.getArgument("project_version"),
            env.getArgument("language"),
            env.getArgument("language_version"),
            ctx,
            proc);
    return store(env.getGraphQlContext(), crumb)
        .thenApply(
            failure -> {
              Map<String, Object> out = new LinkedHashMap<>();
              out.put("success", failure == null);
              out.put("message", failure == null ? "" : failure);
              return out;
            });
  }

  CompletableFuture<Map<String, Object>> addProject(DataFetchingEnvironment env) {
    Map<String, Object> p = env.getArgument("p");
    MigasCrumb crumb =
        crumb(
            (String) p.get("project"),
            (String) p.get("project_version"),
            (String) p.get("language"),
            (String) p.get("language_version"),
            p,
            p);
    return store(env.getGraphQlContext(), crumb)
        .thenApply(
            failure -> {
              Map<String, Object> out = new LinkedHashMap<>();
              if (failure != null) {
                out.put("bad_versions", List.of());
                out.put("cached", false);
                out.put("latest_version", "");
                out.put("message", failure);
                out.put("success", false);
                return out;
              }
              VersionCheck.Result r = versions.check(crumb.project(), crumb.projectVersion());
              out.put("bad_versions", r.badVersions());
              out.put("cached", r.cached());
              out.put("latest_version", r.latest());
              out.put("message", r.message());
              out.put("success", true);
              return out;
            });
  }

  Map<String, Object> registerProject(DataFetchingEnvironment env) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (!isMaster(env)) {
      out.put("success", false);
      out.put("message", NEEDS_MASTER);
      return out;
    }
    String project = env.getArgument("project");
    try {
      registry.register(project);
      out.put("success", true);
      out.put("message", "Project \"" + project + "\" registered.");
    } catch (IllegalArgumentException | ProjectExistsException e) {
      out.put("success", false);
      out.put("message", e.getMessage());
    }
    return out;
  }

  Map<String, Object> issueToken(DataFetchingEnvironment env) {
    Map<String, Object> out = new LinkedHashMap<>();
    String project = env.getArgument("project");
    if (!isMaster(env)) {
      out.put("token", null);
      out.put("success", false);
      out.put("message", NEEDS_MASTER);
    } else if (registry.find(project).isEmpty()) {
      out.put("token", null);
      out.put("success", false);
      out.put("message", "Project \"" + project + "\" is not registered.");
    } else {
      out.put("token", access.issue(TokenKind.PROJECT, project, env.getArgument("description")));
      out.put("success", true);
      out.put("message", "");
    }
    return out;
  }

  boolean revokeToken(DataFetchingEnvironment env) {
    return isMaster(env) && access.revoke(env.getArgument("token"));
  }

  private boolean isMaster(DataFetchingEnvironment env) {
    return access.isMaster(env.getGraphQlContext().get(AUTHORIZATION));
  }

  /** Completes with null once stored, or with the message telling why it was not. */
  private CompletableFuture<String> store(GraphQLContext gql, MigasCrumb crumb) {
    if (!crumb.projectFormatValid()) {
      return CompletableFuture.completedFuture(MigasCrumb.INVALID_PROJECT);
    }
    Optional<Project> project = registry.find(crumb.project());
    if (project.isEmpty()) {
      return CompletableFuture.completedFuture(MigasCrumb.NOT_REGISTERED);
    }
    try {
      return pipeline
          .submit(
              Objects.requireNonNullElse(gql.get(CLIENT), "unknown"),
              List.of(crumb.toEvent(project.get().id(), clock.instant())))
          .handle(
              (n, failure) -> {
                if (failure == null) {
                  return null;
                }
                Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                if (cause instanceof IngestRefusedException refused) {
                  gql.put(RETRY_AFTER, refused.retryAfterSeconds());
                  gql.put(REFUSED_STATUS, refused.status());
                  return refused.getMessage();
                }
                gql.put(STORAGE_FAILED, true);
                return "The breadcrumb could not be stored; retry later.";
              });
    } catch (IngestRefusedException e) {
      gql.put(RETRY_AFTER, e.retryAfterSeconds());
      gql.put(REFUSED_STATUS, e.status());
      return CompletableFuture.completedFuture(
          e instanceof QueueFullException
              ? "Server busy: " + e.getMessage() + "; retry later."
              : e.getMessage());
    }
  }

  private static MigasCrumb crumb(
      String project,
      String version,
      String language,
      String languageVersion,
      Map<String, Object> ctx,
      Map<String, Object> proc) {
    return new MigasCrumb(
        project,
        version,
        language,
        languageVersion,
        (String) ctx.get("user_id"),
        (String) ctx.get("session_id"),
        UserType.fromWire((String) ctx.get("user_type")),
        (String) ctx.get("platform"),
        (String) ctx.get("container"),
        Boolean.TRUE.equals(ctx.get("is_ci")),
        status((String) proc.get("status")),
        (String) proc.get("status_desc"),
        (String) proc.get("error_type"),
        (String) proc.get("error_desc"));
  }

  /** A Status enum value of the schema, aliases and deprecated names included. */
  static RunStatus status(String name) {
    return switch (name) {
      case "R", "running", "pending" -> RunStatus.R;
      case "C", "completed", "success" -> RunStatus.C;
      case "F", "failed", "error" -> RunStatus.F;
      case "S", "suspended" -> RunStatus.S;
      default -> throw new IllegalArgumentException("unknown status " + name);
    };
  }
}
