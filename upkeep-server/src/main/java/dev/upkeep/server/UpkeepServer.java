package dev.upkeep.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upkeep.server.api.badge.BadgeRoutes;
import dev.upkeep.server.api.badge.DownloadsBadge;
import dev.upkeep.server.api.consent.ConsentPage;
import dev.upkeep.server.api.consent.FormGuard;
import dev.upkeep.server.api.dashboard.DashboardRoutes;
import dev.upkeep.server.api.dashboard.PublicPage;
import dev.upkeep.server.api.migas.BreadcrumbRoute;
import dev.upkeep.server.api.migas.GraphQlRoute;
import dev.upkeep.server.api.oauth.AuthorizePage;
import dev.upkeep.server.api.oauth.TokenRoute;
import dev.upkeep.server.api.otumat.EventRoute;
import dev.upkeep.server.api.otumat.InstallPage;
import dev.upkeep.server.api.otumat.RefreshRoute;
import dev.upkeep.server.api.otumat.UploadLimits;
import dev.upkeep.server.api.releases.BlobRoutes;
import dev.upkeep.server.api.releases.ProjectReleases;
import dev.upkeep.server.api.releases.ReleaseRoutes;
import dev.upkeep.server.api.usagestats.DropPointRoute;
import dev.upkeep.server.api.v1.AdminRoutes;
import dev.upkeep.server.api.v1.EventsRoute;
import dev.upkeep.server.api.v1.ForgetRoute;
import dev.upkeep.server.api.v1.IngestKeyRoutes;
import dev.upkeep.server.api.v1.InstallRoutes;
import dev.upkeep.server.api.v1.ProjectRoutes;
import dev.upkeep.server.api.v1.SourceRoutes;
import dev.upkeep.server.api.v1.UserRoutes;
import dev.upkeep.server.audit.AuditLog;
import dev.upkeep.server.auth.Access;
import dev.upkeep.server.auth.Guard;
import dev.upkeep.server.auth.Tokens;
import dev.upkeep.server.blobs.BlobStore;
import dev.upkeep.server.blobs.BlobStoreSettings;
import dev.upkeep.server.changes.ChangeWatcher;
import dev.upkeep.server.health.HealthRoute;
import dev.upkeep.server.http.ApiException;
import dev.upkeep.server.http.ClientAddress;
import dev.upkeep.server.http.FastPosts;
import dev.upkeep.server.http.HttpErrors;
import dev.upkeep.server.http.JsonBodies;
import dev.upkeep.server.http.JsonLimits;
import dev.upkeep.server.http.MetricsRoute;
import dev.upkeep.server.http.OriginFormConnectionFactory;
import dev.upkeep.server.http.PlainErrorHandler;
import dev.upkeep.server.http.SecurityHeaders;
import dev.upkeep.server.ingest.Admission;
import dev.upkeep.server.ingest.IngestPipeline;
import dev.upkeep.server.installs.Enrollments;
import dev.upkeep.server.installs.InstallAccess;
import dev.upkeep.server.installs.TokenPurge;
import dev.upkeep.server.limits.LimitKeys;
import dev.upkeep.server.limits.LimitStore;
import dev.upkeep.server.limits.LimitStores;
import dev.upkeep.server.limits.RequestLimiter;
import dev.upkeep.server.privacy.ForgetRequests;
import dev.upkeep.server.privacy.Retention;
import dev.upkeep.server.projects.IngestKeys;
import dev.upkeep.server.projects.ProjectRegistry;
import dev.upkeep.server.store.ChangeTopic;
import dev.upkeep.server.store.RollupSchedule;
import dev.upkeep.server.store.Store;
import dev.upkeep.server.store.jdbc.JdbcStores;
import dev.upkeep.server.versions.VersionCheck;
import dev.upkeep.server.versions.sources.VersionSources;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collector: an HTTP server speaking migas (REST and GraphQL), the usagestats drop point,
 * otumat's usage tracking, Upkeep's own enrollment (OAuth 2.0 with PKCE) and Upkeep's v1 API in
 * front of the ingest pipeline and the store.
 *
 * <pre>{@code
 * try (UpkeepServer server = UpkeepServer.start(ServerConfig.builder().port(0).build())) {
 *   server.initialMasterToken().ifPresent(System.out::println);
 *   System.out.println(server.url());
 * }
 * }</pre>
 *
 * <p>{@link #close()} stops taking requests, drains the ingest queue into the store, then closes
 * the store. Thread-safe.
 */
public final class UpkeepServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(UpkeepServer.class);

  private final ServerConfig config;
  private final Store store;
  private final IngestPipeline pipeline;
  private final VersionSources sources;
  private final ChangeWatcher changes;
  private final Javalin app;
  private final TokenPurge purge;
  private final RollupSchedule rollupSchedule;
  private final Optional<String> initialMasterToken;
  private final AuditLog audit;
  private final LimitStore limits;
  private final BlobStore blobs;
  private volatile boolean closed;

  private UpkeepServer(ServerConfig config, Clock clock, StartupClock startup) {
    this.config = config;
    PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    this.store =
        config.databaseUrl() == null
            ? JdbcStores.sqlite(config.dataDir(), config.sqliteSynchronous(), config.database())
            : JdbcStores.postgres(config.databaseUrl(), config.database());
    startup.mark("store");
    this.sources = VersionSources.create(store.versionSources(), config.versionSources(), clock);
    // SQLite is opened by one process at a time: only a shared database needs its changes followed
    this.changes =
        config.databaseUrl() == null ? ChangeWatcher.off() : ChangeWatcher.create(store.changes());
    AuditLog auditLog = AuditLog.off();
    LimitStore limitStore = LimitStore.memory(clock);
    try {
      auditLog = config.auditLog().map(f -> AuditLog.open(f, clock)).orElse(AuditLog.off());
      this.audit = auditLog;
      Access access = new Access(store.tokens(), clock);
      this.initialMasterToken = MasterToken.ensure(store.tokens(), config.masterTokenFile(), clock);
      initialMasterToken.ifPresent(
          raw ->
              audit.record(
                  "server", Tokens.shownPrefix(raw), "token.mint", "master token", "first start"));
      ProjectRegistry registry =
          new ProjectRegistry(store.projects(), clock, config.defaultVisibility());
      IngestKeys ingestKeys = new IngestKeys(store.projects(), registry, clock);
      VersionCheck versions = new VersionCheck(registry, sources, clock);
      changes.on(ChangeTopic.PROJECT, registry::forget);
      changes.on(ChangeTopic.PROJECT, ingestKeys::forget);
      changes.on(ChangeTopic.VERSIONS, versions::forget);
      changes.on(ChangeTopic.VERSION_SOURCES, sources::refresh);
      changes.on(ChangeTopic.USERS, project -> store.events().dropCaches());
      // The limits: shared by every collector on the store named by rate-limit-store, under keys
      // hashed with a secret they share (no client address is ever stored).
      if (config.rateLimitEnabled()) {
        limitStore = LimitStores.open(config.rateLimitStore(), config.databaseUrl(), clock);
      }
      this.limits = limitStore;
      LimitKeys limitKeys =
          config.rateLimitEnabled()
              ? LimitKeys.fromSecret(
                  store
                      .installs()
                      .secret(LimitKeys.SECRET_NAME, LimitKeys.newSecret(), clock.instant()))
              : LimitKeys.random();
      this.pipeline =
          new IngestPipeline(
              store.events(),
              config.queueCapacity(),
              config.maxBatch(),
              metrics,
              new Admission(config.ingestLimits(), limits, limitKeys, clock),
              clock,
              config.ingestWriters());
      ObjectMapper json = JsonLimits.mapper();
      Guard guard = new Guard(access, audit);
      RequestLimiter limiter =
          new RequestLimiter(config.rateLimit(), config.rateWindow(), limits, limitKeys);
      ClientAddress clients = new ClientAddress(config.trustedProxies());
      BreadcrumbRoute breadcrumbs =
          new BreadcrumbRoute(json, registry, pipeline, clock, config.maxBodyBytes());
      GraphQlRoute graphql =
          GraphQlRoute.create(
              registry,
              versions,
              store.events(),
              pipeline,
              access,
              clock,
              json,
              config.maxBodyBytes());
      DropPointRoute usagestats = new DropPointRoute(registry, pipeline, clock);
      Enrollments enrollments = new Enrollments(store.installs(), clock, config.installTokenTtl());
      InstallAccess installAccess =
          new InstallAccess(
              store.installs(), clock, config.installTokenTtl(), config.refreshGrace());
      this.purge =
          new TokenPurge(store.installs(), clock, config.refreshGrace(), config.purgeInterval());
      Retention retention =
          new Retention(store.projects(), store.privacy(), config.retentionDays());
      ForgetRequests forgetRequests = new ForgetRequests(store.privacy(), store.projects(), audit);
      this.rollupSchedule =
          new RollupSchedule(
              store.events(),
              clock,
              List.of(
                  new RollupSchedule.Task("the retention", retention::run),
                  new RollupSchedule.Task(
                      "forgetting the users who asked", now -> forgetRequests.run())));
      ConsentPage consent = ConsentPage.load();
      FormGuard formGuard =
          new FormGuard(
              java.util.Base64.getUrlDecoder()
                  .decode(
                      store
                          .installs()
                          .secret("consent-form-hmac", FormGuard.newKey(), clock.instant())),
              clock);
      InstallPage otumatInstall =
          new InstallPage(registry, enrollments, consent, formGuard, config.maxBodyBytes());
      EventRoute otumatEvents =
          new EventRoute(
              registry,
              installAccess,
              pipeline,
              clock,
              new UploadLimits(
                  config.otumatMaxBodyBytes(), config.otumatMaxRows(), config.maxBatch()));
      RefreshRoute otumatRefresh = new RefreshRoute(registry, installAccess, config.maxBodyBytes());
      AuthorizePage authorize =
          new AuthorizePage(registry, enrollments, consent, formGuard, config.maxBodyBytes());
      TokenRoute token =
          new TokenRoute(registry, enrollments, installAccess, config.maxBodyBytes());
      EventsRoute events =
          new EventsRoute(
              registry, ingestKeys, installAccess, pipeline, clock, config.maxBatchBodyBytes());
      ProjectRoutes projects =
          new ProjectRoutes(
              registry, versions, store.events(), store.releases(), retention, guard, clock);
      JsonBodies adminBodies = new JsonBodies(json, config.maxBodyBytes());
      AdminRoutes admin =
          new AdminRoutes(
              registry, store.projects(), access, store.tokens(), guard, adminBodies, versions);
      SourceRoutes sourceRoutes = new SourceRoutes(registry, sources, versions, guard, adminBodies);
      InstallRoutes installRoutes = new InstallRoutes(registry, store.installs(), guard, clock);
      IngestKeyRoutes ingestKeyRoutes = new IngestKeyRoutes(ingestKeys, guard);
      DashboardRoutes dashboard = new DashboardRoutes(this::about);
      UserRoutes users = new UserRoutes(registry, store.privacy(), guard, clock);
      ForgetRoute forget =
          new ForgetRoute(
              registry,
              ingestKeys,
              installAccess,
              store.installs(),
              store.privacy(),
              adminBodies,
              clock);
      PublicPage publicPages =
          dashboard.publicPages(
              registry, store.projects(), store.events(), guard, adminBodies, clock);
      HealthRoute health = HealthRoute.create(store, pipeline);
      BadgeRoutes badges =
          new BadgeRoutes(registry, store.projects(), store.events(), guard, adminBodies, clock);
      this.blobs = config.blobStore().open(config.dataDir().resolve("blobs"), config.maxBlobSize());
      BlobRoutes blobRoutes = new BlobRoutes(blobs, store.releases(), registry, guard);
      ReleaseRoutes releaseRoutes =
          new ReleaseRoutes(store.releases(), blobs, registry, guard, adminBodies, clock);
      ProjectReleases projectReleases =
          new ProjectReleases(
              registry, store.projects(), store.releases(), guard, adminBodies, clock);
      this.app =
          Javalin.create(
              c -> {
                connector(c);
                c.jetty.threadPool = threadPool(config.httpThreads());
                c.jetty.modifyServer(server -> server.setErrorHandler(new PlainErrorHandler()));
                // The breadcrumb on Jetty's core API, ahead of Javalin's servlet (see FastPosts).
                c.jetty.modifyServer(
                    server ->
                        server.setHandler(
                            new FastPosts(
                                List.of(breadcrumbs),
                                config.backendHeader(),
                                clients,
                                config.rateLimitEnabled() ? limiter::acquire : client -> 0,
                                json,
                                metrics)));
                c.startup.showJavalinBanner = false;
                c.http.maxRequestSize = Math.max(config.maxBodyBytes(), config.maxBatchBodyBytes());
                HttpErrors.install(c.routes, metrics);
                c.routes.before(
                    ctx -> {
                      ctx.header("X-Backend-Server", config.backendHeader());
                      String client = clients.remember(ctx);
                      if (config.rateLimitEnabled()) {
                        long wait = limiter.acquire(client);
                        if (wait > 0) {
                          throw ApiException.rateLimited(wait);
                        }
                      }
                    });
                c.routes.get("/", dashboard::root);
                c.routes.get("/dashboard/<file>", dashboard::asset);
                c.routes.get("/p/{owner}/{name}", publicPages::page);
                c.routes.get("/p/{owner}/{name}/data", publicPages::data);
                c.routes.put("/v1/projects/{owner}/{name}/public-page", publicPages::setEnabled);
                c.routes.get("/badge/{owner}/{name}/users.svg", badges::users);
                c.routes.get(
                    "/badge/{owner}/{name}/downloads.svg",
                    new DownloadsBadge(store.projects(), store.releases(), guard, clock));
                c.routes.put("/v1/projects/{owner}/{name}/badge", badges::setEnabled);
                c.routes.post("/api/breadcrumb", breadcrumbs);
                c.routes.post("/graphql", graphql);
                c.routes.post("/v1/events", events);
                c.routes.post("/v1/projects/{owner}/{name}/forget", forget);
                c.routes.post("/usagestats/{owner}/{name}", usagestats::post);
                c.routes.get("/usagestats/{owner}/{name}", usagestats::refuse);
                c.routes.put("/usagestats/{owner}/{name}", usagestats::refuse);
                c.routes.delete("/usagestats/{owner}/{name}", usagestats::refuse);
                c.routes.patch("/usagestats/{owner}/{name}", usagestats::refuse);
                c.routes.get("/otumat/{owner}/{name}/user/usage-install", otumatInstall::show);
                c.routes.post("/otumat/{owner}/{name}/user/usage-install", otumatInstall::decide);
                c.routes.post("/otumat/{owner}/{name}/api/usage-event", otumatEvents);
                c.routes.post("/otumat/{owner}/{name}/auth/token", otumatRefresh);
                c.routes.get("/oauth/authorize", authorize::show);
                c.routes.post("/oauth/authorize", authorize::decide);
                c.routes.post("/oauth/token", token);
                c.routes.get("/v1/health", health);
                c.routes.head("/v1/blobs/{sha256}", blobRoutes::head);
                c.routes.get("/v1/blobs/{sha256}", blobRoutes::get);
                c.routes.put("/v1/blobs/{sha256}", blobRoutes::put);
                c.routes.get("/v1/projects/{owner}/{name}/releases", projectReleases::list);
                c.routes.put(
                    "/v1/projects/{owner}/{name}/visibility", projectReleases::setVisibility);
                c.routes.get("/v1/releases/{workspace}/{title}", releaseRoutes::list);
                c.routes.get("/v1/releases/{workspace}/{title}/{version}", releaseRoutes::read);
                c.routes.put("/v1/releases/{workspace}/{title}/{version}", releaseRoutes::publish);
                c.routes.post(
                    "/v1/releases/{workspace}/{title}/{version}/yank", releaseRoutes::yank);
                c.routes.post(
                    "/v1/releases/{workspace}/{title}/{version}/downloads",
                    releaseRoutes::downloaded);
                c.routes.get("/v1/projects", admin::listProjects);
                c.routes.post("/v1/projects", admin::registerProject);
                c.routes.get("/v1/projects/{owner}/{name}/usage", projects::usage);
                c.routes.get("/v1/projects/{owner}/{name}/usage/view", projects::view);
                c.routes.get("/v1/projects/{owner}/{name}/versions", projects::versions);
                c.routes.post("/v1/projects/{owner}/{name}/versions", admin::addVersion);
                c.routes.get("/v1/projects/{owner}/{name}/check", projects::check);
                c.routes.put("/v1/projects/{owner}/{name}/versions/{version}/flag", admin::flag);
                c.routes.delete(
                    "/v1/projects/{owner}/{name}/versions/{version}/flag", admin::unflag);
                c.routes.get("/v1/projects/{owner}/{name}/ingest-key", ingestKeyRoutes::show);
                c.routes.post("/v1/projects/{owner}/{name}/ingest-key", ingestKeyRoutes::rotate);
                c.routes.delete("/v1/projects/{owner}/{name}/ingest-key", ingestKeyRoutes::remove);
                c.routes.get("/v1/projects/{owner}/{name}/sources", sourceRoutes::list);
                c.routes.post("/v1/projects/{owner}/{name}/sources", sourceRoutes::add);
                c.routes.delete("/v1/projects/{owner}/{name}/sources/{kind}", sourceRoutes::remove);
                c.routes.get("/v1/projects/{owner}/{name}/installs", installRoutes::list);
                c.routes.delete("/v1/installs/{id}", installRoutes::revoke);
                c.routes.put("/v1/projects/{owner}/{name}/retention", admin::setRetention);
                c.routes.get("/v1/users/{user_id}", users::export);
                c.routes.delete("/v1/users/{user_id}", users::forget);
                c.routes.get("/v1/tokens", admin::listTokens);
                c.routes.post("/v1/tokens", admin::issueToken);
                c.routes.post("/v1/tokens/revoke", admin::revokeToken);
                c.routes.get("/metrics", new MetricsRoute(metrics, config.metricsToken()));
              });
      startup.mark("wiring");
    } catch (RuntimeException e) {
      limitStore.close();
      auditLog.close();
      changes.close();
      sources.close();
      store.close();
      throw e;
    }
  }

  /**
   * Opens the store (migrating it), creates the master token on first start, starts the writer
   * thread and the HTTP server.
   *
   * @throws dev.upkeep.server.store.StoreException when the store cannot be opened
   * @throws RuntimeException when the port cannot be bound
   */
  public static UpkeepServer start(ServerConfig config) {
    return start(config, Clock.systemUTC());
  }

  /**
   * As {@link #start(ServerConfig)}, with the clock that decides event times, token and code expiry
   * and the rate-limit windows (tests move it to expire tokens without waiting).
   */
  public static UpkeepServer start(ServerConfig config, Clock clock) {
    StartupClock startup = StartupClock.begin();
    UpkeepServer server = new UpkeepServer(config, clock, startup);
    server.pipeline.start();
    try {
      server.changes.start();
      server.app.start();
      server.purge.start();
      server.rollupSchedule.start();
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
    startup.mark("http");
    LOG.info(
        "collector listening on {} with store {}; rate limits counted in {}",
        server.url(),
        server.store.describe(),
        server.config.rateLimitEnabled() ? server.limits.describe() : "nothing (off)");
    LOG.info(startup.line());
    boolean heapChosen =
        HeapAdvice.chosen(ManagementFactory.getRuntimeMXBean().getInputArguments());
    long maxHeap = Runtime.getRuntime().maxMemory();
    LOG.info(
        HeapAdvice.line(
            maxHeap, heapChosen, Runtime.getRuntime().availableProcessors(), server.config));
    HeapAdvice.warning(maxHeap, heapChosen, config.maxHeapWarning()).ifPresent(LOG::warn);
    if (config.databaseUrl() != null && config.blobStore().store().equals(BlobStoreSettings.DISK)) {
      LOG.info(
          "blobs of hosted releases are kept on this collector's disk; collectors sharing the"
              + " database need one blob store: set blob-store = s3://bucket/prefix");
    }
    return server;
  }

  /**
   * Jetty's request threads: at most {@code max} ({@code http-threads}), at least 8 kept (Javalin's
   * own minimum), idle ones ended after a minute, named as Javalin names them.
   */
  private static QueuedThreadPool threadPool(int max) {
    QueuedThreadPool pool = new QueuedThreadPool(max, Math.min(8, max), 60_000);
    pool.setName("JettyServerThreadPool");
    return pool;
  }

  private void connector(JavalinConfig c) {
    c.jetty.addConnector(
        (server, http) -> {
          http.setSendServerVersion(false);
          http.addCustomizer(SecurityHeaders.customizer());
          ServerConnector k =
              new ServerConnector(
                  server, new OriginFormConnectionFactory(http, config.httpTimeouts()));
          k.setHost(config.host());
          k.setPort(config.port());
          k.setIdleTimeout(config.httpTimeouts().idle().toMillis());
          server.addBean(new NetworkConnectionLimit(config.maxConnections(), k));
          return k;
        });
  }

  private Map<String, Object> about() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", "upkeep");
    m.put("description", "Upkeep collector (migas-compatible)");
    m.put("graphql", "/graphql");
    m.put("health", "/v1/health");
    return m;
  }

  /** The bound port (the real one when configured with 0). */
  public int port() {
    return app.port();
  }

  /** The URL clients use, e.g. {@code http://localhost:8080}. */
  public URI url() {
    String host = config.host().equals("0.0.0.0") ? "localhost" : config.host();
    return URI.create("http://" + host + ":" + port());
  }

  /** The master token created at this start, if this was the first start. */
  public Optional<String> initialMasterToken() {
    return initialMasterToken;
  }

  /** The purge of expired codes and tokens (tests run it directly). */
  public TokenPurge purge() {
    return purge;
  }

  /**
   * Where the limits are counted; {@link LimitStore#answering()} is false while a shared limit
   * store does not answer (the limits are then counted in this collector alone).
   */
  public LimitStore limitStore() {
    return limits;
  }

  /** The store (for tests and tools in this process). */
  public Store store() {
    return store;
  }

  /**
   * Refuses new events (503), commits everything queued and answers its requests, stops HTTP,
   * closes the store. Idempotent.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    purge.close();
    rollupSchedule.close();
    pipeline.close();
    app.stop();
    changes.close();
    limits.close();
    sources.close();
    blobs.close();
    store.close();
    audit.close();
    LOG.info("collector stopped; store closed cleanly");
  }
}
