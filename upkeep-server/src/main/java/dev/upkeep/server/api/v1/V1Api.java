package dev.upkeep.server.api.v1;

import dev.upkeep.server.alerts.Alerting;
import dev.upkeep.server.api.ApiContext;
import dev.upkeep.server.auth.Access;
import dev.upkeep.server.installs.InstallAccess;
import dev.upkeep.server.privacy.Retention;
import dev.upkeep.server.projects.IngestKeys;
import dev.upkeep.server.releasehealth.HealthReader;
import dev.upkeep.server.versions.VersionCheck;
import dev.upkeep.server.versions.sources.VersionSources;
import io.javalin.config.RoutesConfig;

/**
 * Upkeep's v1 API: {@code POST /v1/events}, projects (usage, versions, flags, sources, ingest keys,
 * installs, retention, forgetting), users and tokens. See docs/api.md.
 */
public final class V1Api {
  private final ApiContext api;
  private final IngestKeys ingestKeys;
  private final InstallAccess installAccess;
  private final VersionCheck versions;
  private final VersionSources sources;
  private final Retention retention;
  private final Access access;
  private final Alerting alerting;
  private final int maxBatchBodyBytes;

  /**
   * @param maxBatchBodyBytes {@code max-batch-body-bytes}, the body limit of {@code POST
   *     /v1/events}
   */
  public V1Api(
      ApiContext api,
      IngestKeys ingestKeys,
      InstallAccess installAccess,
      VersionCheck versions,
      VersionSources sources,
      Retention retention,
      Access access,
      Alerting alerting,
      int maxBatchBodyBytes) {
    this.api = api;
    this.ingestKeys = ingestKeys;
    this.installAccess = installAccess;
    this.versions = versions;
    this.sources = sources;
    this.retention = retention;
    this.access = access;
    this.alerting = alerting;
    this.maxBatchBodyBytes = maxBatchBodyBytes;
  }

  /** Registers the routes. */
  public void install(RoutesConfig routes) {
    var store = api.store();
    var registry = api.registry();
    var guard = api.guard();
    EventsRoute events =
        new EventsRoute(
            registry, ingestKeys, installAccess, api.pipeline(), api.clock(), maxBatchBodyBytes);
    ForgetRoute forget =
        new ForgetRoute(
            registry,
            ingestKeys,
            installAccess,
            store.installs(),
            store.privacy(),
            api.bodies(),
            api.clock());
    ProjectRoutes projects =
        new ProjectRoutes(
            registry, versions, store.events(), store.releases(), retention, guard, api.clock());
    AdminRoutes admin =
        new AdminRoutes(
            registry, store.projects(), access, store.tokens(), guard, api.bodies(), versions);
    SourceRoutes sourceRoutes = new SourceRoutes(registry, sources, versions, guard, api.bodies());
    InstallRoutes installs = new InstallRoutes(registry, store.installs(), guard, api.clock());
    IngestKeyRoutes ingestKeyRoutes = new IngestKeyRoutes(ingestKeys, guard);
    UserRoutes users = new UserRoutes(registry, store.privacy(), guard, api.clock());
    HealthRoute health =
        new HealthRoute(registry, versions, new HealthReader(store.events(), api.clock()), guard);
    routes.post("/v1/events", events);
    routes.post("/v1/projects/{owner}/{name}/forget", forget);
    routes.get("/v1/projects", admin::listProjects);
    routes.post("/v1/projects", admin::registerProject);
    routes.get("/v1/projects/{owner}/{name}/usage", projects::usage);
    routes.get("/v1/projects/{owner}/{name}/usage/view", projects::view);
    routes.get("/v1/projects/{owner}/{name}/health", health);
    AlertRoutes alertRoutes =
        new AlertRoutes(registry, store.alerts(), alerting, guard, api.bodies(), api.clock());
    routes.get("/v1/projects/{owner}/{name}/alert-rules", alertRoutes::listRules);
    routes.post("/v1/projects/{owner}/{name}/alert-rules", alertRoutes::addRule);
    routes.delete("/v1/projects/{owner}/{name}/alert-rules/{id}", alertRoutes::removeRule);
    routes.post("/v1/projects/{owner}/{name}/alert-rules/{id}/test", alertRoutes::testRule);
    routes.get("/v1/projects/{owner}/{name}/alerts", alertRoutes::listAlerts);
    routes.get("/v1/projects/{owner}/{name}/alerts/{id}", alertRoutes::showAlert);
    routes.post("/v1/projects/{owner}/{name}/alerts/{id}/ack", alertRoutes::acknowledge);
    routes.post("/v1/alert-secrets", alertRoutes::seal);
    routes.get("/v1/projects/{owner}/{name}/versions", projects::versions);
    routes.post("/v1/projects/{owner}/{name}/versions", admin::addVersion);
    routes.get("/v1/projects/{owner}/{name}/check", projects::check);
    routes.put("/v1/projects/{owner}/{name}/versions/{version}/flag", admin::flag);
    routes.delete("/v1/projects/{owner}/{name}/versions/{version}/flag", admin::unflag);
    routes.get("/v1/projects/{owner}/{name}/ingest-key", ingestKeyRoutes::show);
    routes.post("/v1/projects/{owner}/{name}/ingest-key", ingestKeyRoutes::rotate);
    routes.delete("/v1/projects/{owner}/{name}/ingest-key", ingestKeyRoutes::remove);
    routes.get("/v1/projects/{owner}/{name}/sources", sourceRoutes::list);
    routes.post("/v1/projects/{owner}/{name}/sources", sourceRoutes::add);
    routes.delete("/v1/projects/{owner}/{name}/sources/{kind}", sourceRoutes::remove);
    routes.get("/v1/projects/{owner}/{name}/installs", installs::list);
    routes.delete("/v1/installs/{id}", installs::revoke);
    routes.put("/v1/projects/{owner}/{name}/retention", admin::setRetention);
    routes.get("/v1/users/{user_id}", users::export);
    routes.delete("/v1/users/{user_id}", users::forget);
    routes.get("/v1/tokens", admin::listTokens);
    routes.post("/v1/tokens", admin::issueToken);
    routes.post("/v1/tokens/revoke", admin::revokeToken);
  }
}
