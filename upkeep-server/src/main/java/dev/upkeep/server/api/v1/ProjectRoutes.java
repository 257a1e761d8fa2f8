package dev.upkeep.server.api.v1;

import dev.upkeep.server.auth.Guard;
import dev.upkeep.server.http.ApiException;
import dev.upkeep.server.privacy.Retention;
import dev.upkeep.server.projects.ProjectRegistry;
import dev.upkeep.server.store.Bucket;
import dev.upkeep.server.store.EventStore;
import dev.upkeep.server.store.Metric;
import dev.upkeep.server.store.Project;
import dev.upkeep.server.store.ReleaseStore;
import dev.upkeep.server.versions.ProjectVersions;
import dev.upkeep.server.versions.VersionCheck;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Read routes of one project: {@code GET /v1/projects/{owner}/{name}/usage} (anyone for the counts
 * of a project whose counts are public, else the master token or the project's token: {@link
 * Guard#requireUsage}), {@code .../versions} and {@code .../check?version=V} (public, like migas'
 * check_project), both from every version source of the project.
 */
public final class ProjectRoutes {
  private final ProjectRegistry registry;
  private final VersionCheck versions;
  private final EventStore events;
  private final DownloadUsage downloads;
  private final Guard guard;
  private final Clock clock;
  private final UsageView view;
  private final Retention retention;

  public ProjectRoutes(
      ProjectRegistry registry,
      VersionCheck versions,
      EventStore events,
      ReleaseStore releases,
      Retention retention,
      Guard guard,
      Clock clock) {
    this.registry = registry;
    this.versions = versions;
    this.events = events;
    this.downloads = new DownloadUsage(releases);
    this.guard = guard;
    this.clock = clock;
    this.retention = retention;
    this.view = new UsageView(registry, events, downloads, retention, guard, clock);
  }

  /** {@code GET .../usage/view}: see {@link UsageView}. */
  public void view(Context ctx) {
    view.serve(ctx);
  }

  /** The {@code owner/name} of the path. */
  static String projectName(Context ctx) {
    return ctx.pathParam("owner") + "/" + ctx.pathParam("name");
  }

  /**
   * {@code GET
   * .../usage?from=DATE[&to=DATE][&kind=K][&metric=hits|users|runs][&by=DIM][&over=day]}: the
   * metric over {@code from <= timestamp <= to}, in total ({@code "hits"}, whatever the metric)
   * and, with {@code by}, per bucket ordered by key; with {@code over=day} each bucket also has its
   * {@code "series"}, every day of the range. Dates are {@code YYYY-MM-DD} (00:00 UTC) or ISO-8601
   * instants; {@code to} defaults to now; {@code unique=true} is {@code metric=users}; {@code
   * kind=download} counts pulls of the project's hosted releases ({@link DownloadUsage}). Answers
   * 400 naming the parameter that is wrong.
   */
  public void usage(Context ctx) {
    String name = projectName(ctx);
    UsageQuery q = UsageQuery.parse(ctx::queryParam, clock);
    Optional<Project> found = registry.find(name);
    guard.requireUsage(ctx, name, found, q.countsOnly());
    Project project = found.orElseGet(() -> registry.require(name)); // 404 for an unknown name
    if (q.kind().equals(DownloadUsage.KIND)) {
      ctx.json(downloads.answer(project, q));
      return;
    }
    List<Map<String, Object>> out = new ArrayList<>(1);
    events.view(
        project.id(),
        q.from(),
        q.to(),
        List.of(q.question()),
        (question, a) ->
            out.add(answer(name, q, a.total(), a.buckets(), retention.daysOf(project))));
    ctx.json(out.get(0));
  }

  /**
   * {@code GET .../versions}: every version from every source, lowest first by the project's
   * scheme, with where it comes from and its flag: {@code {"project", "scheme", "latest",
   * "latest_prerelease", "versions": [{"version", "from", "prerelease", "flagged", "reason",
   * "replacement", "flagged_by", "flag_lifted", "added_at"}]}}.
   */
  public void versions(Context ctx) {
    String name = projectName(ctx);
    ProjectVersions all = versions.versions(name);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("project", name);
    out.put("scheme", all.scheme().id());
    out.put("latest", all.latest(false).orElse(null));
    out.put("latest_prerelease", all.latest(true).orElse(null));
    out.put(
        "versions",
        all.versions().stream()
            .map(
                v -> {
                  Map<String, Object> m = new LinkedHashMap<>();
                  m.put("version", v.version());
                  m.put("from", v.origins());
                  m.put("prerelease", v.preRelease());
                  m.put("flagged", v.flagged());
                  m.put("reason", v.reason());
                  m.put("replacement", v.replacement());
                  m.put("flagged_by", v.flaggedBy());
                  m.put("flag_lifted", v.flagLifted());
                  m.put("added_at", v.addedAt() == null ? null : v.addedAt().toString());
                  return m;
                })
            .toList());
    ctx.json(out);
  }

  /**
   * {@code GET .../check?version=V[&prerelease=true]}: what migas' check_project answers, plus the
   * upgrade target and the bad versions; pre-releases count as latest only with {@code
   * prerelease=true}.
   */
  public void check(Context ctx) {
    String name = projectName(ctx);
    registry.require(name);
    boolean preRelease = "true".equalsIgnoreCase(ctx.queryParam("prerelease"));
    VersionCheck.Result r = versions.check(name, required(ctx, "version"), preRelease);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("project", name);
    out.put("version", ctx.queryParam("version"));
    out.put("latest", r.latest());
    out.put("flagged", r.flagged());
    out.put("message", r.message());
    out.put("upgrade_to", r.upgradeTo());
    out.put("scheme", r.scheme().id());
    out.put("bad_versions", r.badVersions());
    ctx.json(out);
  }

  /**
   * A usage answer as JSON: {@code {"project", "from", "to", "kind", "metric", "unique", "hits"}}
   * and, with a breakdown, {@code "by"}, {@code "over"} and {@code "buckets"}.
   */
  static Map<String, Object> answer(
      String name, UsageQuery q, long total, List<Bucket> buckets, OptionalInt retentionDays) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("project", name);
    out.put("from", q.from().toString());
    out.put("to", q.to().toString());
    out.put("kind", q.kind());
    out.put("metric", q.metric().id());
    out.put("unique", q.metric() == Metric.USERS);
    out.put("hits", total);
    // events older than this many days are deleted (null: kept for ever)
    out.put("retention_days", retentionDays.isPresent() ? retentionDays.getAsInt() : null);
    if (q.by() != null) {
      out.put("by", q.by().id());
      if (q.overDays()) {
        out.put("over", "day");
      }
      out.put("buckets", buckets.stream().map(b -> bucket(b, q.overDays())).toList());
    }
    return out;
  }

  private static Map<String, Object> bucket(Bucket b, boolean series) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("key", b.key());
    m.put("count", b.count());
    if (series) {
      m.put("series", b.series().stream().map(d -> bucket(d, false)).toList());
    }
    return m;
  }

  private static String required(Context ctx, String param) {
    String v = ctx.queryParam(param);
    if (v == null || v.isBlank()) {
      throw ApiException.badRequest("Query parameter \"" + param + "\" is required.");
    }
    return v;
  }
}
