package dev.upkeep.server.api.v1;

import com.fasterxml.jackson.databind.JsonNode;
import dev.upkeep.server.audit.Actor;
import dev.upkeep.server.auth.Guard;
import dev.upkeep.server.http.ApiException;
import dev.upkeep.server.http.JsonBodies;
import dev.upkeep.server.projects.ProjectRegistry;
import dev.upkeep.server.store.Project;
import dev.upkeep.server.store.SourceRelease;
import dev.upkeep.server.store.VersionSourceRecord;
import dev.upkeep.server.versions.MergedVersion;
import dev.upkeep.server.versions.ProjectVersions;
import dev.upkeep.server.versions.VersionCheck;
import dev.upkeep.server.versions.VersionScheme;
import dev.upkeep.server.versions.sources.SourceView;
import dev.upkeep.server.versions.sources.VersionSources;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A project's release sources, with the master token: {@code GET
 * /v1/projects/{owner}/{name}/sources} (each source in order with its state), {@code POST
 * .../sources {"kind", "reference", "repository"}} and {@code DELETE .../sources/{kind}}.
 */
public final class SourceRoutes {
  private final ProjectRegistry registry;
  private final VersionSources sources;
  private final VersionCheck versions;
  private final Guard guard;
  private final JsonBodies bodies;

  public SourceRoutes(
      ProjectRegistry registry,
      VersionSources sources,
      VersionCheck versions,
      Guard guard,
      JsonBodies bodies) {
    this.registry = registry;
    this.sources = sources;
    this.versions = versions;
    this.guard = guard;
    this.bodies = bodies;
  }

  /**
   * {@code GET .../sources}: {@code {"project", "scheme", "sources": [{"kind", "reference", "url",
   * "state", "reason", "fetched_at", "failed_at", "versions", "latest"}]}}, the manual registry
   * last.
   */
  public void list(Context ctx) {
    guard.requireMaster(ctx);
    String name = ProjectRoutes.projectName(ctx);
    ProjectVersions all = versions.versions(name);
    List<Map<String, Object>> out = new ArrayList<>();
    for (SourceView v : all.sources()) {
      List<SourceRelease> releases = v.snapshot() == null ? List.of() : v.snapshot().releases();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("kind", v.kind().id());
      m.put("reference", v.reference());
      m.put("url", v.url());
      m.put("state", v.state().id());
      m.put("reason", v.reason());
      m.put("fetched_at", v.fetchedAt() == null ? null : v.fetchedAt().toString());
      m.put("failed_at", v.failedAt() == null ? null : v.failedAt().toString());
      m.put("versions", releases.size());
      m.put(
          "latest",
          latest(
                  all.scheme(),
                  releases.stream().filter(r -> !r.preRelease()).map(SourceRelease::version))
              .orElse(null));
      out.add(m);
    }
    List<MergedVersion> manual =
        all.versions().stream().filter(m -> m.origins().contains(MergedVersion.MANUAL)).toList();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", MergedVersion.MANUAL);
    m.put("reference", name);
    m.put("url", null);
    m.put("state", "fresh");
    m.put("reason", null);
    m.put("fetched_at", null);
    m.put("failed_at", null);
    m.put("versions", manual.size());
    m.put("latest", latest(all.scheme(), manual.stream().map(MergedVersion::version)).orElse(null));
    out.add(m);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("project", name);
    body.put("scheme", all.scheme().id());
    body.put("sources", out);
    ctx.json(body);
  }

  /**
   * {@code POST .../sources {"kind": "maven", "reference": "g:a", "repository": "https://..."}} →
   * 201; 409 if the project has a source of that kind; 400 for a bad kind, reference or URL.
   */
  public void add(Context ctx) {
    Actor actor = guard.requireMaster(ctx);
    String name = ProjectRoutes.projectName(ctx);
    Project p = registry.require(name);
    JsonNode body = bodies.object(ctx);
    String kind = JsonBodies.text(body, "kind");
    String reference = JsonBodies.text(body, "reference");
    String repository = JsonBodies.optionalText(body, "repository");
    Optional<VersionSourceRecord> added = sources.add(p.id(), kind, reference, repository);
    if (added.isEmpty()) {
      throw ApiException.conflict(
          "Project \""
              + name
              + "\" already has a "
              + kind
              + " source; remove it first with: upkeep project source remove "
              + name
              + " "
              + kind);
    }
    VersionSourceRecord r = added.get();
    actor.did("source.add", name + " " + r.kind() + " " + r.reference());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("project", name);
    out.put("kind", r.kind());
    out.put("reference", r.reference());
    out.put("repository", r.repositoryUrl());
    ctx.status(201).json(out);
  }

  /** {@code DELETE .../sources/{kind}} → 200, or 404 if the project has no such source. */
  public void remove(Context ctx) {
    Actor actor = guard.requireMaster(ctx);
    String name = ProjectRoutes.projectName(ctx);
    Project p = registry.require(name);
    String kind = ctx.pathParam("kind");
    if (!sources.remove(p.id(), kind)) {
      throw ApiException.notFound("Project \"" + name + "\" has no " + kind + " source.");
    }
    actor.did("source.remove", name + " " + kind);
    ctx.json(Map.of("project", name, "kind", kind, "removed", true));
  }

  private static Optional<String> latest(VersionScheme scheme, Stream<String> versions) {
    return versions.filter(v -> !scheme.isPreRelease(v)).max(scheme.order());
  }
}
