package dev.upkeep.server.api.dashboard;

import dev.upkeep.server.api.ApiContext;
import io.javalin.config.RoutesConfig;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The dashboard's routes: {@code /} (the dashboard, or {@code about} as JSON), its assets, and the
 * projects' public pages {@code /p/{owner}/{name}} with the route that turns one on.
 */
public final class DashboardApi {
  private final ApiContext api;
  private final Supplier<Map<String, Object>> about;

  /**
   * @param about what {@code GET /} answers a client that asks for JSON
   */
  public DashboardApi(ApiContext api, Supplier<Map<String, Object>> about) {
    this.api = api;
    this.about = about;
  }

  /** Registers the routes. */
  public void install(RoutesConfig routes) {
    DashboardRoutes dashboard = new DashboardRoutes(about);
    PublicPage publicPages =
        dashboard.publicPages(
            api.registry(),
            api.store().projects(),
            api.store().events(),
            api.guard(),
            api.bodies(),
            api.clock());
    routes.get("/", dashboard::root);
    routes.get("/dashboard/<file>", dashboard::asset);
    routes.get("/p/{owner}/{name}", publicPages::page);
    routes.get("/p/{owner}/{name}/data", publicPages::data);
    routes.put("/v1/projects/{owner}/{name}/public-page", publicPages::setEnabled);
  }
}
