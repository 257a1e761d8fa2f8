package dev.upkeep.server.api.dashboard;

import dev.upkeep.server.audit.Actor;
import dev.upkeep.server.auth.Guard;
import dev.upkeep.server.http.ApiException;
import dev.upkeep.server.http.JsonBodies;
import dev.upkeep.server.ingest.UsageEvent;
import dev.upkeep.server.projects.ProjectRegistry;
import dev.upkeep.server.store.Bucket;
import dev.upkeep.server.store.Dimension;
import dev.upkeep.server.store.EventStore;
import dev.upkeep.server.store.Metric;
import dev.upkeep.server.store.Project;
import dev.upkeep.server.store.ProjectStore;
import dev.upkeep.server.store.UsageAnswer;
import dev.upkeep.server.store.UsageQuestion;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A project's public page, for its users and funders: {@code GET /p/{owner}/{name}} answers a
 * read-only page of the dashboard's aggregate charts (active users and runs per day, versions in
 * use, adoption of the latest release, users on flagged versions, platforms, containers, CI), and
 * {@code GET /p/{owner}/{name}/data?days=7|30|90|365} (default 30) the numbers it draws, for the
 * last that many UTC days up to now. No token is needed; neither answer carries per-user data or
 * error types, and every count of fewer than {@value #MIN_USERS} users is left out (a bucket, a day
 * of a series, a day's runs, a total), so that no small group can be told apart.
 *
 * <p>A page is off until the project's maintainer turns it on with the master token ({@code PUT
 * /v1/projects/{owner}/{name}/public-page {"enabled": true}}, {@code upkeep project public-page
 * NAME on}); an unknown project and a page that is off answer the same 404. A private project's
 * page answers 401 (403 for another project's token) unless the request carries a token that reads
 * it. Both answers may be cached {@value #MAX_AGE_SECONDS} s, by anyone for a counts-public
 * project. Thread-safe.
 */
public final class PublicPage {
  /** Fewest users a published count may stand for: {@value}. */
  static final int MIN_USERS = 5;

  /** How long browsers and proxies may keep the page and its data (seconds). */
  static final int MAX_AGE_SECONDS = 300;

  /** The questions the page draws, by the names the dashboard's charts read them under. */
  static final Map<String, UsageQuestion> QUESTIONS = questions();

  private static final List<Integer> DAYS = List.of(7, 30, 90, 365);

  /** The key of the set of days with few users that stands for the whole range. */
  private static final String TOTAL = "";

  private final ProjectRegistry registry;
  private final ProjectStore projects;
  private final EventStore events;
  private final Guard guard;
  private final JsonBodies bodies;
  private final Clock clock;
  private final DashboardAssets assets;

  PublicPage(
      ProjectRegistry registry,
      ProjectStore projects,
      EventStore events,
      Guard guard,
      JsonBodies bodies,
      Clock clock,
      DashboardAssets assets) {
    this.registry = registry;
    this.projects = projects;
    this.events = events;
    this.guard = guard;
    this.bodies = bodies;
    this.clock = clock;
    this.assets = assets;
  }

  /**
   * {@code PUT /v1/projects/{owner}/{name}/public-page {"enabled": true|false}}: master token;
   * answers {@code {"project", "public_page", "url"}}.
   */
  public void setEnabled(Context ctx) {
    Actor actor = guard.requireMaster(ctx);
    String name = ctx.pathParam("owner") + "/" + ctx.pathParam("name");
    boolean enabled = JsonBodies.flag(bodies.object(ctx), "enabled");
    long id = registry.require(name).id();
    projects.setPublicPage(name, enabled);
    registry.forget(id);
    actor.did(enabled ? "public-page.enable" : "public-page.disable", name);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("project", name);
    out.put("public_page", enabled);
    out.put("url", "/p/" + name);
    ctx.json(out);
  }

  private static Map<String, UsageQuestion> questions() {
    String k = UsageEvent.BREADCRUMB;
    Map<String, UsageQuestion> q = new LinkedHashMap<>();
    // usersByDay first: the runs of a day with few users are left out with them
    q.put("usersByDay", new UsageQuestion(k, Metric.USERS, Dimension.DAY, false));
    q.put("runsByDay", new UsageQuestion(k, Metric.RUNS, Dimension.DAY, false));
    q.put("usersByVersion", new UsageQuestion(k, Metric.USERS, Dimension.VERSION, true));
    q.put("usersByPlatform", new UsageQuestion(k, Metric.USERS, Dimension.PLATFORM, false));
    q.put("usersByContainer", new UsageQuestion(k, Metric.USERS, Dimension.CONTAINER, false));
    q.put("usersByCi", new UsageQuestion(k, Metric.USERS, Dimension.CI, false));
    return q;
  }

  /** {@code GET /p/{owner}/{name}}: the page. */
  public void page(Context ctx) {
    Project project = readable(ctx);
    cacheable(ctx, project);
    DashboardRoutes.send(ctx, assets.find("public.html").orElseThrow(), false);
  }

  /**
   * {@code GET /p/{owner}/{name}/data[?days=N]}: {@code {"project", "from", "to", "days",
   * "min_users", "answers": {NAME: {"hits", "buckets": [{"key", "count"[, "series"]}]}}}}, the
   * answers in the shape of {@code /v1/.../usage} with every count of fewer than {@value
   * #MIN_USERS} users left out.
   */
  public void data(Context ctx) {
    Project project = readable(ctx);
    int days = days(ctx.queryParam("days"));
    Instant to = clock.instant();
    LocalDate first = LocalDate.ofInstant(to, ZoneOffset.UTC).minusDays(days - 1L);
    Instant from = first.atStartOfDay(ZoneOffset.UTC).toInstant();
    Map<String, Object> answers = new LinkedHashMap<>();
    Set<String> fewUsers = new HashSet<>();
    List<String> names = new ArrayList<>(QUESTIONS.keySet());
    int[] next = {0};
    events.view(
        project.id(),
        from,
        to,
        List.copyOf(QUESTIONS.values()),
        (question, answer) -> {
          String name = names.get(next[0]++);
          answers.put(name, published(name, question, answer, fewUsers));
        });
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("project", project.name());
    out.put("from", from.toString());
    out.put("to", to.toString());
    out.put("days", days);
    out.put("min_users", MIN_USERS);
    out.put("answers", answers);
    cacheable(ctx, project);
    ctx.json(out);
  }

  /**
   * An answer as the page may show it: users' counts under {@link #MIN_USERS} left out; for the
   * runs per day, the days whose users were (collected in {@code fewUsers} from {@code usersByDay},
   * which is answered first) and the total when the range's users were.
   */
  static Map<String, Object> published(
      String name, UsageQuestion question, UsageAnswer answer, Set<String> fewUsers) {
    boolean users = question.metric() == Metric.USERS;
    boolean totalHidden = users ? answer.total() < MIN_USERS : fewUsers.contains(TOTAL);
    if (name.equals("usersByDay") && answer.total() < MIN_USERS) {
      fewUsers.add(TOTAL);
    }
    List<Map<String, Object>> buckets = new ArrayList<>();
    for (Bucket b : answer.buckets()) {
      boolean few = users ? b.count() < MIN_USERS : fewUsers.contains(b.key());
      if (name.equals("usersByDay") && few) {
        fewUsers.add(b.key());
      }
      if (few && question.by() != Dimension.DAY) {
        continue; // a small group is not listed at all
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("key", b.key());
      m.put("count", few ? 0 : b.count());
      if (question.overDays()) {
        List<Map<String, Object>> series = new ArrayList<>();
        for (Bucket d : b.series()) {
          Map<String, Object> day = new LinkedHashMap<>();
          day.put("key", d.key());
          day.put("count", d.count() < MIN_USERS ? 0 : d.count());
          series.add(day);
        }
        m.put("series", series);
      }
      buckets.add(m);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("metric", question.metric().id());
    out.put("hits", totalHidden ? 0 : answer.total());
    out.put("by", question.by().id());
    if (question.overDays()) {
      out.put("over", "day");
    }
    out.put("buckets", buckets);
    return out;
  }

  private Project readable(Context ctx) {
    String name = ctx.pathParam("owner") + "/" + ctx.pathParam("name");
    // the store, not the registry's cache: the page's switch changes at run time
    Project project =
        projects
            .find(name)
            .filter(Project::publicPage)
            .orElseThrow(
                () ->
                    ApiException.notFound(
                        "No public page for "
                            + name
                            + ": the project is unknown or its maintainer has not turned its page"
                            + " on (upkeep project public-page "
                            + name
                            + " on)."));
    if (!project.isPublic()) {
      guard.requireRead(ctx, name);
    }
    return project;
  }

  private static void cacheable(Context ctx, Project project) {
    ctx.header(
        "Cache-Control",
        (project.isPublic() ? "public" : "private") + ", max-age=" + MAX_AGE_SECONDS);
  }

  private static int days(String text) {
    if (text == null) {
      return 30;
    }
    try {
      int days = Integer.parseInt(text.strip());
      if (DAYS.contains(days)) {
        return days;
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw ApiException.badRequest("days must be one of " + DAYS + ", was \"" + text + "\".");
  }
}
