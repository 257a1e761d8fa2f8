package dev.upkeep.server.api.releases;

import dev.upkeep.archive.ReleaseVersion;
import dev.upkeep.server.audit.Actor;
import dev.upkeep.server.auth.Guard;
import dev.upkeep.server.http.ApiException;
import dev.upkeep.server.http.JsonBodies;
import dev.upkeep.server.projects.ProjectRegistry;
import dev.upkeep.server.store.HostedRelease;
import dev.upkeep.server.store.Project;
import dev.upkeep.server.store.ProjectStore;
import dev.upkeep.server.store.ReleaseDownloads;
import dev.upkeep.server.store.ReleaseStore;
import dev.upkeep.server.store.Visibility;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A project's hosted releases as its maintainer sees them, and who may read them: {@code GET
 * /v1/projects/{owner}/{name}/releases} (master or that project's token) for the dashboard's
 * Releases view and {@code upkeep release list --project}, and {@code PUT .../visibility} (master)
 * behind {@code upkeep project visibility}.
 */
public final class ProjectReleases {
  private final ProjectRegistry registry;
  private final ProjectStore projects;
  private final ReleaseStore releases;
  private final Guard guard;
  private final JsonBodies bodies;
  private final Clock clock;

  public ProjectReleases(
      ProjectRegistry registry,
      ProjectStore projects,
      ReleaseStore releases,
      Guard guard,
      JsonBodies bodies,
      Clock clock) {
    this.registry = registry;
    this.projects = projects;
    this.releases = releases;
    this.guard = guard;
    this.bodies = bodies;
    this.clock = clock;
  }

  /**
   * {@code GET /v1/projects/{owner}/{name}/releases}: {@code {"project", "visibility", "releases":
   * [...]}}, newest version first, each as {@link ReleaseRoutes#describe} plus {@code downloads}
   * (every completed pull since it was published).
   */
  public void list(Context ctx) {
    String name = name(ctx);
    guard.requireRead(ctx, name);
    // the store, not the registry's cache: visibility changes at run time; require() names an
    // unknown project
    Project project = projects.find(name).orElseGet(() -> registry.require(name));
    Map<String, Long> downloads = new HashMap<>();
    LocalDate tomorrow = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).plusDays(1);
    for (ReleaseDownloads d : releases.downloads(project.id(), LocalDate.EPOCH, tomorrow)) {
      downloads.merge(key(d.workspace(), d.title(), d.version()), d.downloads(), Long::sum);
    }
    List<HostedRelease> all = new ArrayList<>(releases.ofProject(project.id()));
    all.sort(Comparator.comparing((HostedRelease r) -> ReleaseVersion.of(r.version())).reversed());
    List<Map<String, Object>> out = new ArrayList<>();
    for (HostedRelease r : all) {
      Map<String, Object> m = ReleaseRoutes.describe(r);
      m.put("downloads", downloads.getOrDefault(key(r.workspace(), r.title(), r.version()), 0L));
      out.add(m);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("project", name);
    body.put("visibility", project.visibility().wire());
    body.put("releases", out);
    ctx.json(body);
  }

  /**
   * {@code PUT /v1/projects/{owner}/{name}/visibility {"visibility": "private"|"counts-public"}}:
   * master token.
   */
  public void setVisibility(Context ctx) {
    Actor actor = guard.requireMaster(ctx);
    String name = name(ctx);
    Visibility visibility;
    try {
      visibility = Visibility.parse(JsonBodies.text(bodies.object(ctx), "visibility"));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
    long id = registry.require(name).id();
    projects.setVisibility(name, visibility);
    registry.forget(id);
    actor.did("project.visibility", name + " " + visibility.wire());
    ctx.json(Map.of("project", name, "visibility", visibility.wire()));
  }

  private static String key(String workspace, String title, String version) {
    return workspace + "\n" + title + "\n" + version;
  }

  private static String name(Context ctx) {
    return ctx.pathParam("owner") + "/" + ctx.pathParam("name");
  }
}
