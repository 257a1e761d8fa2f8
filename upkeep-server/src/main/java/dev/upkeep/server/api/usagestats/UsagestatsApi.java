package dev.upkeep.server.api.usagestats;

import dev.upkeep.server.api.ApiContext;
import io.javalin.config.RoutesConfig;

/** The usagestats drop point {@code /usagestats/{owner}/{name}}: POST takes a report. */
public final class UsagestatsApi {
  private final ApiContext api;

  public UsagestatsApi(ApiContext api) {
    this.api = api;
  }

  /** Registers the routes: POST, and a refusal for GET, PUT, DELETE and PATCH. */
  public void install(RoutesConfig routes) {
    DropPointRoute usagestats = new DropPointRoute(api.registry(), api.pipeline(), api.clock());
    routes.post("/usagestats/{owner}/{name}", usagestats::post);
    routes.get("/usagestats/{owner}/{name}", usagestats::refuse);
    routes.put("/usagestats/{owner}/{name}", usagestats::refuse);
    routes.delete("/usagestats/{owner}/{name}", usagestats::refuse);
    routes.patch("/usagestats/{owner}/{name}", usagestats::refuse);
  }
}
