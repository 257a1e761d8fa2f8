package dev.upkeep.server.api.badge;

import dev.upkeep.server.audit.Actor;
import dev.upkeep.server.auth.Guard;
import dev.upkeep.server.http.ApiException;
import dev.upkeep.server.http.JsonBodies;
import dev.upkeep.server.ingest.UsageEvent;
import dev.upkeep.server.projects.ProjectRegistry;
import dev.upkeep.server.store.EventStore;
import dev.upkeep.server.store.Project;
import dev.upkeep.server.store.ProjectStore;
import dev.upkeep.server.store.UsageFilter;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A project's public users badge, for its README: {@code GET /badge/{owner}/{name}/users.svg
 * ?period=30d} (no token) answers a shields-style SVG saying how many distinct users sent a
 * breadcrumb in the last 7, 30 (default), 90 or 365 days, e.g. "users | 1.2k/month". A badge is off
 * until the project's maintainer turns it on with the master token: {@code PUT
 * /v1/projects/{owner}/{name}/badge {"enabled": true}} ({@code upkeep project badge NAME on}).
 *
 * <p>An unknown project and a project whose badge is off both answer the same 404 (JSON {@code
 * {"detail"}}), so the badge does not tell which projects exist. A private project's badge answers
 * 401 (403 for another project's token) unless the request carries a token that reads the project.
 * Badges may be cached {@value #MAX_AGE_SECONDS} seconds (a private one only by the browser that
 * asked). The switch also serves the downloads badge ({@link DownloadsBadge}).
 */
public final class BadgeRoutes {
  /** How long browsers and proxies may keep a badge (seconds). */
  static final int MAX_AGE_SECONDS = 900;

  private final ProjectRegistry registry;
  private final ProjectStore projects;
  private final EventStore events;
  private final Guard guard;
  private final JsonBodies bodies;
  private final Clock clock;

  public BadgeRoutes(
      ProjectRegistry registry,
      ProjectStore projects,
      EventStore events,
      Guard guard,
      JsonBodies bodies,
      Clock clock) {
    this.registry = registry;
    this.projects = projects;
    this.events = events;
    this.guard = guard;
    this.bodies = bodies;
    this.clock = clock;
  }

  /** {@code GET /badge/{owner}/{name}/users.svg[?period=7d|30d|90d|365d]}. */
  public void users(Context ctx) {
    BadgePeriod period = period(ctx);
    Project project = enabled(projects, guard, ctx);
    Instant to = clock.instant();
    long users =
        events.count(
            new UsageFilter(
                project.id(), to.minus(period.length), to, true, UsageEvent.BREADCRUMB));
    send(ctx, project, "users", compact(users) + "/" + period.unit);
  }

  /** The period a badge request asks for ({@code period}); 400 for another. */
  static BadgePeriod period(Context ctx) {
    try {
      return BadgePeriod.parse(ctx.queryParam("period"));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
  }

  /**
   * The project a badge request names, if its badge is on and the request may read it; the same 404
   * for an unknown project and for one whose badge is off; for a private project ({@link
   * Project#isPublic()} false) the 401 or 403 of {@link Guard#requireRead} unless the request
   * carries a token that reads it.
   */
  static Project enabled(ProjectStore projects, Guard guard, Context ctx) {
    String name = ctx.pathParam("owner") + "/" + ctx.pathParam("name");
    // the store, not the registry's cache of projects: the badge's switch changes at run time
    Project project =
        projects
            .find(name)
            .filter(Project::badgeEnabled)
            .orElseThrow(
                () ->
                    ApiException.notFound(
                        "No badge for "
                            + name
                            + ": the project is unknown or its maintainer has not turned its badge"
                            + " on (upkeep project badge "
                            + name
                            + " on)."));
    if (!project.isPublic()) {
      guard.requireRead(ctx, name);
    }
    return project;
  }

  /**
   * Answers a badge's SVG with the headers every badge is sent with; a private project's badge may
   * be kept by the browser that asked, never by a shared cache.
   */
  static void send(Context ctx, Project project, String label, String value) {
    ctx.header(
        "Cache-Control",
        (project.isPublic() ? "public" : "private") + ", max-age=" + MAX_AGE_SECONDS);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
    ctx.contentType("image/svg+xml;charset=utf-8").result(BadgeSvg.render(label, value));
  }

  /** {@code PUT /v1/projects/{owner}/{name}/badge {"enabled": true|false}}: master token. */
  public void setEnabled(Context ctx) {
    Actor actor = guard.requireMaster(ctx);
    String name = ctx.pathParam("owner") + "/" + ctx.pathParam("name");
    boolean enabled = JsonBodies.flag(bodies.object(ctx), "enabled");
    long id = registry.require(name).id();
    projects.setBadgeEnabled(name, enabled);
    registry.forget(id);
    actor.did(enabled ? "badge.enable" : "badge.disable", name);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("project", name);
    out.put("badge_enabled", enabled);
    out.put("url", "/badge/" + name + "/users.svg");
    ctx.json(out);
  }

  /**
   * 999 as {@code 999}, 1234 as {@code 1.2k}, 56789 as {@code 56k}, 1.5 million as {@code 1.5M}.
   */
  static String compact(long n) {
    if (n < 1000) {
      return Long.toString(n);
    }
    String[] units = {"k", "M", "G"};
    double v = n;
    int unit = -1;
    while (v >= 1000 && unit < units.length - 1) {
      v /= 1000;
      unit++;
    }
    // round down, so a badge never claims more users than there are
    return v < 10
        ? String.format(Locale.ROOT, "%.1f%s", Math.floor(v * 10) / 10, units[unit])
            .replace(".0", "")
        : (long) Math.floor(v) + units[unit];
  }
}
