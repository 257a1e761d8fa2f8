package dev.upkeep.server.api.migas;

import dev.upkeep.server.api.ApiContext;
import dev.upkeep.server.auth.Access;
import dev.upkeep.server.versions.VersionCheck;
import io.javalin.config.RoutesConfig;

/**
 * migas' routes: the REST breadcrumb {@code POST /api/breadcrumb} (also served ahead of Javalin by
 * {@code dev.upkeep.server.http.FastPosts}, see {@link #breadcrumbs()}) and {@code POST /graphql}.
 */
public final class MigasApi {
  private final BreadcrumbRoute breadcrumbs;
  private final GraphQlRoute graphql;

  /**
   * @param maxBodyBytes {@code max-body-bytes}
   */
  public MigasApi(ApiContext api, VersionCheck versions, Access access, int maxBodyBytes) {
    this.breadcrumbs =
        new BreadcrumbRoute(api.json(), api.registry(), api.pipeline(), api.clock(), maxBodyBytes);
    this.graphql =
        GraphQlRoute.create(
            api.registry(),
            versions,
            api.store().events(),
            api.pipeline(),
            access,
            api.clock(),
            api.json(),
            maxBodyBytes);
  }

  /** The breadcrumb route, for the fast path ahead of Javalin. */
  public BreadcrumbRoute breadcrumbs() {
    return breadcrumbs;
  }

  /** Registers the routes. */
  public void install(RoutesConfig routes) {
    routes.post("/api/breadcrumb", breadcrumbs);
    routes.post("/graphql", graphql);
  }
}
