package dev.upkeep.server.api.releases;

import dev.upkeep.server.api.ApiContext;
import dev.upkeep.server.blobs.BlobStore;
import io.javalin.config.RoutesConfig;

/**
 * Hosted releases: blobs ({@code /v1/blobs/{sha256}}), releases ({@code
 * /v1/releases/{workspace}/{title}/...}) and a project's releases and visibility.
 */
public final class ReleasesApi {
  private final ApiContext api;
  private final BlobStore blobs;

  public ReleasesApi(ApiContext api, BlobStore blobs) {
    this.api = api;
    this.blobs = blobs;
  }

  /** Registers the routes. */
  public void install(RoutesConfig routes) {
    BlobRoutes blobRoutes =
        new BlobRoutes(blobs, api.store().releases(), api.registry(), api.guard());
    ReleaseRoutes releases =
        new ReleaseRoutes(
            api.store().releases(), blobs, api.registry(), api.guard(), api.bodies(), api.clock());
    ProjectReleases projectReleases =
        new ProjectReleases(
            api.registry(),
            api.store().projects(),
            api.store().releases(),
            api.guard(),
            api.bodies(),
            api.clock());
    routes.head("/v1/blobs/{sha256}", blobRoutes::head);
    routes.get("/v1/blobs/{sha256}", blobRoutes::get);
    routes.put("/v1/blobs/{sha256}", blobRoutes::put);
    routes.get("/v1/projects/{owner}/{name}/releases", projectReleases::list);
    routes.put("/v1/projects/{owner}/{name}/visibility", projectReleases::setVisibility);
    routes.get("/v1/releases/{workspace}/{title}", releases::list);
    routes.get("/v1/releases/{workspace}/{title}/{version}", releases::read);
    routes.put("/v1/releases/{workspace}/{title}/{version}", releases::publish);
    routes.post("/v1/releases/{workspace}/{title}/{version}/yank", releases::yank);
    routes.post("/v1/releases/{workspace}/{title}/{version}/downloads", releases::downloaded);
  }
}
