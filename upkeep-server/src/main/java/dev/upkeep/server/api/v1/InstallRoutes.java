package dev.upkeep.server.api.v1;

import dev.upkeep.server.audit.Actor;
import dev.upkeep.server.auth.Guard;
import dev.upkeep.server.http.ApiException;
import dev.upkeep.server.projects.ProjectRegistry;
import dev.upkeep.server.store.Install;
import dev.upkeep.server.store.InstallStore;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A project's enrolled installs (otumat's install page and Upkeep's own enrollment), with the
 * master token: {@code GET /v1/projects/{owner}/{name}/installs} lists them and {@code DELETE
 * /v1/installs/{id}} revokes one, after which its access and refresh tokens are refused (otumat's
 * client gets its 401 and asks its user again; Upkeep's client falls back to keeping events
 * locally).
 */
public final class InstallRoutes {
  private final ProjectRegistry registry;
  private final InstallStore installs;
  private final Guard guard;
  private final Clock clock;

  public InstallRoutes(ProjectRegistry registry, InstallStore installs, Guard guard, Clock clock) {
    this.registry = registry;
    this.installs = installs;
    this.guard = guard;
    this.clock = clock;
  }

  /**
   * {@code GET .../installs}: {@code {"project", "installs": [{"id", "flow", "package_version",
   * "created_at", "revoked_at", "metadata"}]}}, oldest first; 404 for an unknown project.
   */
  public void list(Context ctx) {
    guard.requireMaster(ctx);
    String name = ProjectRoutes.projectName(ctx);
    long project = registry.require(name).id();
    ctx.json(
        Map.of(
            "project",
            name,
            "installs",
            installs.list(project).stream().map(InstallRoutes::install).toList()));
  }

  /** {@code DELETE /v1/installs/{id}} → 200 {@code {"id", "revoked_at"}}, or 404. */
  public void revoke(Context ctx) {
    Actor actor = guard.requireMaster(ctx);
    String id = ctx.pathParam("id");
    var at = clock.instant();
    if (!installs.revoke(id, at)) {
      throw ApiException.notFound("No active install has the id " + id + ".");
    }
    actor.did("install.revoke", "install " + id);
    ctx.json(Map.of("id", id, "revoked_at", at.toString()));
  }

  private static Map<String, Object> install(Install i) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", i.id());
    m.put("flow", i.flow().storedName());
    m.put("package_version", i.packageVersion());
    m.put("created_at", i.createdAt().toString());
    m.put("revoked_at", i.revokedAt() == null ? null : i.revokedAt().toString());
    m.put("metadata", i.metadata());
    return m;
  }
}
