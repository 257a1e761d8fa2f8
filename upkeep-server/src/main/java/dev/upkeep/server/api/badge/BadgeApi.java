package dev.upkeep.server.api.badge;

import dev.upkeep.server.api.ApiContext;
import io.javalin.config.RoutesConfig;

/** The badge routes: {@code /badge/{owner}/{name}/*.svg} and turning a project's badges on. */
public final class BadgeApi {
  private final ApiContext api;

  public BadgeApi(ApiContext api) {
    this.api = api;
  }

  /** Registers the routes. */
  public void install(RoutesConfig routes) {
    BadgeRoutes badges =
        new BadgeRoutes(
            api.registry(),
            api.store().projects(),
            api.store().events(),
            api.guard(),
            api.bodies(),
            api.clock());
    routes.get("/badge/{owner}/{name}/users.svg", badges::users);
    routes.get(
        "/badge/{owner}/{name}/downloads.svg",
        new DownloadsBadge(
            api.store().projects(), api.store().releases(), api.guard(), api.clock()));
    routes.put("/v1/projects/{owner}/{name}/badge", badges::setEnabled);
  }
}
