package dev.upkeep.server.api.badge;

import dev.upkeep.server.auth.Guard;
import dev.upkeep.server.store.Project;
import dev.upkeep.server.store.ProjectStore;
import dev.upkeep.server.store.ReleaseDownloads;
import dev.upkeep.server.store.ReleaseStore;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * A project's public downloads badge, for its README: {@code GET
 * /badge/{owner}/{name}/downloads.svg?period=30d} (no token) answers a shields-style SVG saying how
 * many times the project's hosted releases were pulled completely in the last 7, 30 (default), 90
 * or 365 UTC days, today included, e.g. "downloads | 57/month" (the rollup of {@link
 * ReleaseStore#downloads}, which keeps days, not instants).
 *
 * <p>It is switched with the users badge ({@link BadgeRoutes}: off until {@code PUT
 * /v1/projects/{owner}/{name}/badge {"enabled": true}}) and answers as it does: the same 404 for an
 * unknown project and a badge that is off, 401 or 403 for a private project without a token that
 * reads it, 400 for another period, the same cache headers. Stateless; thread-safe.
 */
public final class DownloadsBadge implements Handler {
  private final ProjectStore projects;
  private final ReleaseStore releases;
  private final Guard guard;
  private final Clock clock;

  public DownloadsBadge(ProjectStore projects, ReleaseStore releases, Guard guard, Clock clock) {
    this.projects = projects;
    this.releases = releases;
    this.guard = guard;
    this.clock = clock;
  }

  /** {@code GET /badge/{owner}/{name}/downloads.svg[?period=7d|30d|90d|365d]}. */
  @Override
  public void handle(Context ctx) {
    BadgePeriod period = BadgeRoutes.period(ctx);
    Project project = BadgeRoutes.enabled(projects, guard, ctx);
    LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    LocalDate first = today.minusDays(period.length.toDays() - 1);
    long downloads =
        releases.downloads(project.id(), first, today.plusDays(1)).stream()
            .mapToLong(ReleaseDownloads::downloads)
            .sum();
    BadgeRoutes.send(ctx, project, "downloads", BadgeRoutes.compact(downloads) + "/" + period.unit);
  }
}
