package dev.upkeep.server.api.v1;

import com.fasterxml.jackson.databind.JsonNode;
import dev.upkeep.server.audit.Actor;
import dev.upkeep.server.auth.Access;
import dev.upkeep.server.auth.Guard;
import dev.upkeep.server.auth.Tokens;
import dev.upkeep.server.http.ApiException;
import dev.upkeep.server.http.JsonBodies;
import dev.upkeep.server.privacy.RetentionText;
import dev.upkeep.server.projects.ProjectRegistry;
import dev.upkeep.server.store.Project;
import dev.upkeep.server.store.ProjectStore;
import dev.upkeep.server.store.TokenRecord;
import dev.upkeep.server.store.TokenRecord.TokenKind;
import dev.upkeep.server.store.TokenStore;
import dev.upkeep.server.store.Visibility;
import dev.upkeep.server.versions.VersionCheck;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Administration with the master token: projects, their version registries and flags, tokens. Every
 * route answers JSON; errors are {@code {"detail": "..."}} with 400, 401, 403, 404 or 409.
 */
public final class AdminRoutes {
  private final ProjectStore projects;
  private final ProjectRegistry registry;
  private final Access access;
  private final TokenStore tokens;
  private final Guard guard;
  private final JsonBodies bodies;
  private final VersionCheck versions;

  public AdminRoutes(
      ProjectRegistry registry,
      ProjectStore projects,
      Access access,
      TokenStore tokens,
      Guard guard,
      JsonBodies bodies,
      VersionCheck versions) {
    this.registry = registry;
    this.projects = projects;
    this.versions = versions;
    this.access = access;
    this.tokens = tokens;
    this.guard = guard;
    this.bodies = bodies;
  }

  /** {@code GET /v1/projects}. */
  public void listProjects(Context ctx) {
    guard.requireMaster(ctx);
    ctx.json(Map.of("projects", registry.list().stream().map(AdminRoutes::project).toList()));
  }

  /**
   * {@code POST /v1/projects {"name": "owner/name"[, "visibility": "private"|"counts-public"]}} →
   * 201, or 409 if registered. Without {@code visibility} the project starts with the collector's
   * {@code default-visibility}.
   */
  public void registerProject(Context ctx) {
    Actor actor = guard.requireMaster(ctx);
    JsonNode body = bodies.object(ctx);
    String name = JsonBodies.text(body, "name");
    JsonNode visibility = body.get("visibility");
    Project p =
        visibility == null || visibility.isNull()
            ? registry.register(name)
            : registry.register(name, Visibility.parse(visibility.asText())); // 400 naming it
    actor.did("project.create", name);
    ctx.status(201).json(project(p));
  }

  /**
   * {@code PUT /v1/projects/{owner}/{name}/retention {"retention": "90d"|"off"|null}} (master
   * token): the project's own retention ({@code off} keeps its events for ever, null follows the
   * collector's {@code retention}); answers {@code {"project", "retention"}}, {@code retention}
   * being what the project now has ({@code "90d"}, {@code "off"} or {@code null}).
   */
  public void setRetention(Context ctx) {
    Actor actor = guard.requireMaster(ctx);
    String name = ProjectRoutes.projectName(ctx);
    JsonNode value = bodies.object(ctx).get("retention");
    if (value == null || !(value.isNull() || value.isTextual())) {
      throw ApiException.badRequest(
          "Field \"retention\" must be a number of days (\"365d\"), \"off\" or null.");
    }
    Integer days = value.isNull() ? null : RetentionText.parse(value.textValue()); // 400 naming it
    long id = registry.require(name).id();
    projects.setRetention(name, days);
    registry.forget(id);
    String shown = days == null ? null : RetentionText.format(days);
    actor.did("project.retention", name + " " + (shown == null ? "default" : shown));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("project", name);
    out.put("retention", shown);
    ctx.json(out);
  }

  /** {@code POST /v1/projects/{owner}/{name}/versions {"version": "1.2.0"}} → 201, or 200. */
  public void addVersion(Context ctx) {
    Actor actor = guard.requireMaster(ctx);
    String name = ProjectRoutes.projectName(ctx);
    String version = JsonBodies.text(bodies.object(ctx), "version");
    boolean added = registry.addVersion(name, version);
    if (added) {
      actor.did("version.add", name + " " + version);
    }
    ctx.status(added ? 201 : 200).json(new VersionAdded(name, version, added));
  }

  /**
   * {@code PUT /v1/projects/{owner}/{name}/versions/{version}/flag {"reason": "...", "replacement":
   * "1.2.1"}} ({@code replacement} optional). A version that only a source lists is added to the
   * manual registry first; 404 if no source names it.
   */
  public void flag(Context ctx) {
    Actor actor = guard.requireMaster(ctx);
    String name = ProjectRoutes.projectName(ctx);
    String version = ctx.pathParam("version");
    JsonNode body = bodies.object(ctx);
    String reason = JsonBodies.text(body, "reason");
    String replacement = JsonBodies.optionalText(body, "replacement");
    registerIfSourced(name, version);
    registry.flag(name, version, reason, replacement);
    actor.did("version.flag", name + " " + version);
    ctx.json(new VersionFlag(name, version, true, reason, replacement));
  }

  /**
   * {@code DELETE /v1/projects/{owner}/{name}/versions/{version}/flag}: lifts the flag, including
   * one a source gives (a version only a source lists is added to the manual registry first).
   */
  public void unflag(Context ctx) {
    Actor actor = guard.requireMaster(ctx);
    String name = ProjectRoutes.projectName(ctx);
    String version = ctx.pathParam("version");
    registerIfSourced(name, version);
    registry.unflag(name, version);
    actor.did("version.unflag", name + " " + version);
    ctx.json(new VersionFlag(name, version, false, null, null));
  }

  /** Adds a version to the manual registry when it is not there but a source names it. */
  private void registerIfSourced(String project, String version) {
    boolean registered =
        registry.versions(project).stream().anyMatch(v -> v.version().equals(version));
    if (!registered && versions.versions(project).find(version).isPresent()) {
      registry.addVersion(project, version);
    }
  }

  /** {@code GET /v1/tokens}: every token's prefix, kind, project and state; never the token. */
  public void listTokens(Context ctx) {
    guard.requireMaster(ctx);
    ctx.json(Map.of("tokens", tokens.list().stream().map(AdminRoutes::token).toList()));
  }

  /**
   * {@code POST /v1/tokens {"project": "owner/name", "scope": "read"|"publish", "description":
   * "..."}} → 201 {@code {"token": "m_...", "project", "scope"}}: a token reading that project's
   * usage ({@code read}, the default) or also publishing its releases ({@code publish}), shown only
   * in this answer; 400 for another scope.
   */
  public void issueToken(Context ctx) {
    Actor actor = guard.requireMaster(ctx);
    JsonNode body = bodies.object(ctx);
    String project = JsonBodies.text(body, "project");
    String scope = JsonBodies.optionalText(body, "scope");
    TokenKind kind =
        switch (scope == null ? "read" : scope) {
          case "read" -> TokenKind.PROJECT;
          case "publish" -> TokenKind.PUBLISH;
          default ->
              throw ApiException.badRequest(
                  "scope is read (the default: reads the project's usage) or publish (also"
                      + " publishes its releases), was \""
                      + scope
                      + "\"");
        };
    registry.require(project);
    String raw = access.issue(kind, project, JsonBodies.optionalText(body, "description"));
    actor.did(
        "token.mint",
        project
            + (kind == TokenKind.PUBLISH ? " publish" : "")
            + " token "
            + Tokens.shownPrefix(raw));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("token", raw);
    out.put("project", project);
    out.put("scope", scopeOf(kind));
    ctx.status(201).json(out);
  }

  /** {@code POST /v1/tokens/revoke {"token": "m_..."}} → 200, or 404 if unknown or revoked. */
  public void revokeToken(Context ctx) {
    Actor actor = guard.requireMaster(ctx);
    String raw = JsonBodies.text(bodies.object(ctx), "token");
    if (!access.revoke(raw)) {
      throw ApiException.notFound("No active token matches; it is unknown or already revoked.");
    }
    actor.did("token.revoke", "token " + Tokens.shownPrefix(raw.trim()));
    ctx.json(Map.of("revoked", true));
  }

  private static Map<String, Object> project(Project p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", p.name());
    m.put("registered_at", p.registeredAt().toString());
    m.put("visibility", p.visibility().wire());
    m.put("retention", p.retentionDays() == null ? null : RetentionText.format(p.retentionDays()));
    return m;
  }

  /** The scope a project token was issued with: {@code read} or {@code publish}. */
  private static String scopeOf(TokenKind kind) {
    return kind == TokenKind.PUBLISH ? "publish" : "read";
  }

  private static Map<String, Object> token(TokenRecord t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("prefix", t.prefix());
    m.put("kind", t.kind().name().toLowerCase(java.util.Locale.ROOT));
    m.put("project", t.project());
    m.put("description", t.description());
    m.put("created_at", t.createdAt().toString());
    m.put("revoked_at", t.revokedAt() == null ? null : t.revokedAt().toString());
    return m;
  }

  /** Body of an added version. */
  record VersionAdded(String project, String version, boolean added) {}

  /** Body of a flag change. */
  record VersionFlag(
      String project, String version, boolean flagged, String reason, String replacement) {}
}
