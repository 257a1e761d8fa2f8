package dev.upkeep.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upkeep.server.alerts.Alerting;
import dev.upkeep.server.api.ApiContext;
import dev.upkeep.server.api.badge.BadgeApi;
import dev.upkeep.server.api.consent.ConsentPage;
import dev.upkeep.server.api.consent.FormGuard;
import dev.upkeep.server.api.dashboard.DashboardApi;
import dev.upkeep.server.api.migas.MigasApi;
import dev.upkeep.server.api.oauth.OAuthApi;
import dev.upkeep.server.api.otumat.OtumatApi;
import dev.upkeep.server.api.otumat.UploadLimits;
import dev.upkeep.server.api.releases.ReleasesApi;
import dev.upkeep.server.api.usagestats.UsagestatsApi;
import dev.upkeep.server.api.v1.V1Api;
import dev.upkeep.server.auth.Access;
import dev.upkeep.server.auth.Guard;
import dev.upkeep.server.auth.Tokens;
import dev.upkeep.server.blobs.BlobStoreSettings;
import dev.upkeep.server.health.HealthRoute;
import dev.upkeep.server.http.JsonBodies;
import dev.upkeep.server.http.JsonLimits;
import dev.upkeep.server.http.MetricsRoute;
import dev.upkeep.server.ingest.Admission;
import dev.upkeep.server.ingest.IngestPipeline;
import dev.upkeep.server.installs.Enrollments;
import dev.upkeep.server.installs.InstallAccess;
import dev.upkeep.server.installs.TokenPurge;
import dev.upkeep.server.limits.LimitKeys;
import dev.upkeep.server.limits.LimitStore;
import dev.upkeep.server.limits.RequestLimiter;
import dev.upkeep.server.privacy.ForgetRequests;
import dev.upkeep.server.privacy.Retention;
import dev.upkeep.server.projects.IngestKeys;
import dev.upkeep.server.projects.ProjectRegistry;
import dev.upkeep.server.store.ChangeTopic;
import dev.upkeep.server.store.RollupSchedule;
import dev.upkeep.server.store.Store;
import dev.upkeep.server.versions.VersionCheck;
import dev.upkeep.server.versions.sources.VersionSources;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * <p>This is the composition root: {@link #start} does the I/O (opens and migrates the store and
 * what else the configuration names, see {@link ServerResources}; mints the master token on first
 * start; reads the secrets kept in the store), the constructor builds the objects over what was
 * opened without I/O, each {@code api} package installs its own routes, then {@link #start} starts
 * the threads and binds the port. Whatever fails on the way, everything opened is closed before the
 * failure is thrown.
 *
 * <p>{@link #close()} stops taking requests, drains the ingest queue into the store, then closes
 * the store. Thread-safe.
 */
public final class UpkeepServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(UpkeepServer.class);

  private final ServerConfig config;
  private final ServerResources resources;
  private final IngestPipeline pipeline;
  private final Javalin app;
  private final TokenPurge purge;
  private final Alerting alerting;
  private final RollupSchedule rollupSchedule;
  private final Optional<String> initialMasterToken;
  private volatile boolean closed;

  /**
   * What {@link #start} reads from the store before wiring: the master token minted at this start,
   * the key of the limits' address hashes and the key of the consent forms.
   */
  private record Secrets(Optional<String> masterToken, LimitKeys limitKeys, byte[] formKey) {
    static Secrets read(ServerConfig config, ServerResources r, Clock clock) {
      Store store = r.store();
      Optional<String> token = MasterToken.ensure(store.tokens(), config.masterTokenFile(), clock);
      token.ifPresent(
          raw ->
              r.audit()
                  .record(
                      "server",
                      Tokens.shownPrefix(raw),
                      "token.mint",
                      "master token",
                      "first start"));
      LimitKeys limitKeys =
          config.rateLimitEnabled()
              ? LimitKeys.fromSecret(
                  store
                      .installs()
                      .secret(LimitKeys.SECRET_NAME, LimitKeys.newSecret(), clock.instant()))
              : LimitKeys.random();
      byte[] formKey =
          Base64.getUrlDecoder()
              .decode(
                  store
                      .installs()
                      .secret("consent-form-hmac", FormGuard.newKey(), clock.instant()));
      return new Secrets(token, limitKeys, formKey);
    }
  }

  /** Builds the collector's objects over what {@link #start} opened and read; no I/O. */
  private UpkeepServer(
      ServerConfig config, Clock clock, ServerResources r, Secrets secrets, ConsentPage consent) {
    this.config = config;
    this.resources = r;
    this.initialMasterToken = secrets.masterToken();
    Store store = r.store();
    VersionSources sources = r.sources();
    PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Access access = new Access(store.tokens(), clock);
    ProjectRegistry registry =
        new ProjectRegistry(store.projects(), clock, config.defaultVisibility());
    IngestKeys ingestKeys = new IngestKeys(store.projects(), registry, clock);
    VersionCheck versions = new VersionCheck(registry, sources, clock);
    r.changes().on(ChangeTopic.PROJECT, registry::forget);
    r.changes().on(ChangeTopic.PROJECT, ingestKeys::forget);
    r.changes().on(ChangeTopic.VERSIONS, versions::forget);
    r.changes().on(ChangeTopic.VERSION_SOURCES, sources::refresh);
    r.changes().on(ChangeTopic.USERS, project -> store.events().dropCaches());
    LimitKeys limitKeys = secrets.limitKeys();
    this.alerting =
        Alerting.create(
            config.alerts(), config.dataDir(), store, registry, versions, r.audit(), clock);
    this.pipeline =
        new IngestPipeline(
            alerting.schedule().around(store.events()),
            config.queueCapacity(),
            config.maxBatch(),
            metrics,
            new Admission(config.ingestLimits(), r.limits(), limitKeys, clock),
            clock,
            config.ingestWriters());
    ObjectMapper json = JsonLimits.mapper();
    Guard guard = new Guard(access, r.audit());
    RequestLimiter limiter =
        new RequestLimiter(config.rateLimit(), config.rateWindow(), r.limits(), limitKeys);
    Enrollments enrollments = new Enrollments(store.installs(), clock, config.installTokenTtl());
    InstallAccess installAccess =
        new InstallAccess(store.installs(), clock, config.installTokenTtl(), config.refreshGrace());
    this.purge =
        new TokenPurge(store.installs(), clock, config.refreshGrace(), config.purgeInterval());
    Retention retention = new Retention(store.projects(), store.privacy(), config.retentionDays());
    ForgetRequests forgetRequests =
        new ForgetRequests(store.privacy(), store.projects(), r.audit());
    this.rollupSchedule =
        new RollupSchedule(
            store.events(),
            clock,
            List.of(
                new RollupSchedule.Task("the retention", retention::run),
                new RollupSchedule.Task(
                    "forgetting the users who asked", now -> forgetRequests.run())));
    FormGuard formGuard = new FormGuard(secrets.formKey(), clock);
    ApiContext api =
        new ApiContext(
            store,
            registry,
            pipeline,
            guard,
            json,
            new JsonBodies(json, config.maxBodyBytes()),
            metrics,
            clock);
    MigasApi migas = new MigasApi(api, versions, access, config.maxBodyBytes());
    UploadLimits uploads =
        new UploadLimits(config.otumatMaxBodyBytes(), config.otumatMaxRows(), config.maxBatch());
    HealthRoute health = HealthRoute.create(store, pipeline);
    MetricsRoute metricsRoute = new MetricsRoute(metrics, config.metricsToken());
    this.app =
        HttpApp.create(
            config,
            metrics,
            json,
            limiter,
            migas.breadcrumbs(),
            routes -> {
              new DashboardApi(api, UpkeepServer::about).install(routes);
              new BadgeApi(api).install(routes);
              migas.install(routes);
              new UsagestatsApi(api).install(routes);
              new OtumatApi(
                      api,
                      enrollments,
                      installAccess,
                      consent,
                      formGuard,
                      uploads,
                      config.maxBodyBytes())
                  .install(routes);
              new OAuthApi(
                      api, enrollments, installAccess, consent, formGuard, config.maxBodyBytes())
                  .install(routes);
              routes.get("/v1/health", health);
              new ReleasesApi(api, r.blobs()).install(routes);
              new V1Api(
                      api,
                      ingestKeys,
                      installAccess,
                      versions,
                      sources,
                      retention,
                      access,
                      alerting,
                      config.maxBatchBodyBytes())
                  .install(routes);
              routes.get("/metrics", metricsRoute);
            });
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
    return start(config, clock, VersionSources::create);
  }

  /** As {@link #start(ServerConfig, Clock)}, making the release sources with {@code sources}. */
  static UpkeepServer start(ServerConfig config, Clock clock, VersionSourcesFactory sources) {
    StartupClock startup = StartupClock.begin();
    ServerResources resources =
        ServerResources.open(config, clock, sources, () -> startup.mark("store"));
    UpkeepServer server;
    try {
      Secrets secrets = Secrets.read(config, resources, clock);
      server = new UpkeepServer(config, clock, resources, secrets, ConsentPage.load());
    } catch (RuntimeException e) {
      resources.close();
      throw e;
    }
    startup.mark("wiring");
    try {
      server.pipeline.start();
      resources.changes().start();
      server.app.start();
      server.purge.start();
      server.rollupSchedule.start();
      server.alerting.schedule().start();
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
    startup.mark("http");
    server.logStarted(startup);
    return server;
  }

  private void logStarted(StartupClock startup) {
    LOG.info(
        "collector listening on {} with store {}; rate limits counted in {}",
        url(),
        resources.store().describe(),
        config.rateLimitEnabled() ? resources.limits().describe() : "nothing (off)");
    LOG.info(startup.line());
    boolean heapChosen =
        HeapAdvice.chosen(ManagementFactory.getRuntimeMXBean().getInputArguments());
    long maxHeap = Runtime.getRuntime().maxMemory();
    LOG.info(
        HeapAdvice.line(maxHeap, heapChosen, Runtime.getRuntime().availableProcessors(), config));
    HeapAdvice.warning(maxHeap, heapChosen, config.maxHeapWarning()).ifPresent(LOG::warn);
    if (config.databaseUrl() != null && config.blobStore().store().equals(BlobStoreSettings.DISK)) {
      LOG.info(
          "blobs of hosted releases are kept on this collector's disk; collectors sharing the"
              + " database need one blob store: set blob-store = s3://bucket/prefix");
    }
  }

  private static Map<String, Object> about() {
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
    return resources.limits();
  }

  /** The store (for tests and tools in this process). */
  public Store store() {
    return resources.store();
  }

  /** The release health alerts: their evaluator, schedule, notifier and secrets box. */
  public Alerting alerting() {
    return alerting;
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
    alerting.close();
    pipeline.close();
    app.stop();
    resources.close();
    LOG.info("collector stopped; store closed cleanly");
  }
}
