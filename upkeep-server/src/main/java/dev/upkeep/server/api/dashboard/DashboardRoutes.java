package dev.upkeep.server.api.dashboard;

import dev.upkeep.server.auth.Guard;
import dev.upkeep.server.http.ApiException;
import dev.upkeep.server.http.JsonBodies;
import dev.upkeep.server.projects.ProjectRegistry;
import dev.upkeep.server.store.EventStore;
import dev.upkeep.server.store.ProjectStore;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The dashboard: {@code GET /} answers the page to browsers (an {@code Accept} header naming {@code
 * text/html}) and the collector's JSON description to everything else, as before the dashboard
 * existed; {@code GET /dashboard/<file>} serves the page's style sheet, ES modules and Chart.js.
 * The page reads the v1 API with the token its user signs in with; these routes need none.
 *
 * <p>Every file is answered with a strong {@code ETag} and {@code Cache-Control: no-cache} (a
 * browser revalidates and gets 304), and the page with a Content Security Policy allowing only this
 * origin's scripts, styles and API.
 */
public final class DashboardRoutes {
  /** The page's Content Security Policy: nothing but this origin, no inline script. */
  static final String CSP =
      "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self'"
          + " data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors"
          + " 'none'";

  private final DashboardAssets assets = new DashboardAssets();
  private final Supplier<Map<String, Object>> about;

  /**
   * @param about the JSON description {@code GET /} answers to clients that do not ask for HTML
   */
  public DashboardRoutes(Supplier<Map<String, Object>> about) {
    this.about = about;
  }

  /** The public pages of projects ({@link PublicPage}), drawn by this dashboard's modules. */
  public PublicPage publicPages(
      ProjectRegistry registry,
      ProjectStore projects,
      EventStore events,
      Guard guard,
      JsonBodies bodies,
      Clock clock) {
    return new PublicPage(registry, projects, events, guard, bodies, clock, assets);
  }

  /** {@code GET /}: the dashboard page for browsers, the JSON description otherwise. */
  public void root(Context ctx) {
    ctx.header("Vary", "Accept");
    if (wantsHtml(ctx.header("Accept"))) {
      send(ctx, assets.find("index.html").orElseThrow(), true);
    } else {
      ctx.json(about.get());
    }
  }

  /** {@code GET /dashboard/<file>} and {@code /dashboard/vendor/<file>}. */
  public void asset(Context ctx) {
    String path = ctx.path().substring("/dashboard/".length());
    Asset asset =
        assets
            .find(path)
            .orElseThrow(() -> ApiException.notFound("The dashboard has no file " + path + "."));
    send(ctx, asset, true);
  }

  /**
   * True when {@code accept} names {@code text/html} before any {@code application/json} (browsers'
   * navigations do; curl's {@code *}{@code /*}, a missing header and JSON clients do not).
   */
  static boolean wantsHtml(String accept) {
    if (accept == null) {
      return false;
    }
    String a = accept.toLowerCase(java.util.Locale.ROOT);
    int html = a.indexOf("text/html");
    int json = a.indexOf("application/json");
    return html >= 0 && (json < 0 || html < json);
  }

  /**
   * Answers a file with its {@code ETag}, and 304 to a request that has it.
   *
   * @param revalidate whether to send {@code Cache-Control: no-cache} (else the caller's stands)
   */
  static void send(Context ctx, Asset asset, boolean revalidate) {
    ctx.header("ETag", asset.etag());
    if (revalidate) {
      ctx.header("Cache-Control", "no-cache");
    }
    ctx.header("X-Content-Type-Options", "nosniff");
    if (asset.contentType().startsWith("text/html")) {
      ctx.header("Content-Security-Policy", CSP);
      ctx.header("Referrer-Policy", "no-referrer");
    }
    String match = ctx.header("If-None-Match");
    if (match != null && match.contains(asset.etag())) {
      ctx.status(304);
      return;
    }
    ctx.contentType(asset.contentType()).result(asset.bytes());
  }
}
