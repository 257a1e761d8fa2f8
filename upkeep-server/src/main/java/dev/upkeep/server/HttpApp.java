package dev.upkeep.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upkeep.server.api.migas.BreadcrumbRoute;
import dev.upkeep.server.http.ApiException;
import dev.upkeep.server.http.ClientAddress;
import dev.upkeep.server.http.FastPosts;
import dev.upkeep.server.http.HttpErrors;
import dev.upkeep.server.http.OriginFormConnectionFactory;
import dev.upkeep.server.http.PlainErrorHandler;
import dev.upkeep.server.http.SecurityHeaders;
import dev.upkeep.server.limits.RequestLimiter;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.config.RoutesConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.function.Consumer;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The collector's HTTP server, made but not started: Jetty's connector (host, port, timeouts,
 * connection limit, security headers), its request threads, the breadcrumb's fast path ahead of
 * Javalin ({@link FastPosts}), the request limit and {@code X-Backend-Server} on every request, the
 * exception mapper of last resort ({@link HttpErrors}), then the routes {@code routes} installs.
 */
final class HttpApp {
  private HttpApp() {}

  /**
   * A Javalin app on {@code config}'s address; {@link Javalin#start()} binds it.
   *
   * @param routes installs every route and the mappers of exceptions with bodies of their own
   */
  static Javalin create(
      ServerConfig config,
      MeterRegistry metrics,
      ObjectMapper json,
      RequestLimiter limiter,
      BreadcrumbRoute breadcrumbs,
      Consumer<RoutesConfig> routes) {
    ClientAddress clients = new ClientAddress(config.trustedProxies());
    return Javalin.create(
        c -> {
          connector(c, config);
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
          routes.accept(c.routes);
        });
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

  private static void connector(JavalinConfig c, ServerConfig config) {
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
}
