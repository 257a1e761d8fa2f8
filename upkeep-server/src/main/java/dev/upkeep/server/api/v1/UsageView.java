package dev.upkeep.server.api.v1;

import dev.upkeep.server.auth.Guard;
import dev.upkeep.server.http.ApiException;
import dev.upkeep.server.privacy.Retention;
import dev.upkeep.server.projects.ProjectRegistry;
import dev.upkeep.server.store.EventStore;
import dev.upkeep.server.store.Project;
import dev.upkeep.server.store.StoreException;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code GET /v1/projects/{owner}/{name}/usage/view?from=…[&to=…]&q=NAME:PARAMS&q=…}: several usage
 * questions about one project over one range, answered from one snapshot of the store with the work
 * they share done once ({@link EventStore#view}): what the dashboard asks for one view. Each {@code
 * q} is a name ({@value #NAME_PATTERN}) and the question's parameters as {@code /usage} takes them,
 * separated by commas, e.g. {@code q=usersByVersion:metric=users,by=version, over=day}; at most
 * {@value #MAX_QUESTIONS}. Every question is checked before anything is answered (a 400 names the
 * question and the parameter).
 *
 * <p>The answer is NDJSON ({@code application/x-ndjson}), one line per question in the order asked,
 * each {@code {"name": NAME, …}} with the fields of a {@code /usage} answer, written and flushed as
 * soon as it is known, so that a page can draw its first chart before the last question is
 * answered. If the store fails after the first line, the last line is {@code {"name": NAME,
 * "error": {"status": 503, "message": …}}} for the question it failed on. Who may ask: as {@code
 * /usage}, anyone when every question asks only counts of a project whose counts are public, else
 * the master token or the project's token.
 */
public final class UsageView {
  /** Most questions in one view: {@value}. */
  static final int MAX_QUESTIONS = 16;

  /** What a question's name may be: {@value}. */
  static final String NAME_PATTERN = "[A-Za-z][A-Za-z0-9_-]{0,39}";

  private static final Pattern NAME = Pattern.compile(NAME_PATTERN);

  /** A question as asked. */
  private record Named(String name, UsageQuery query) {}

  private final ProjectRegistry registry;
  private final EventStore events;
  private final DownloadUsage downloads;
  private final Retention retention;
  private final Guard guard;
  private final Clock clock;

  UsageView(
      ProjectRegistry registry,
      EventStore events,
      DownloadUsage downloads,
      Retention retention,
      Guard guard,
      Clock clock) {
    this.registry = registry;
    this.events = events;
    this.downloads = downloads;
    this.retention = retention;
    this.guard = guard;
    this.clock = clock;
  }

  /** Answers the view, line by line. */
  void serve(Context ctx) {
    String name = ProjectRoutes.projectName(ctx);
    List<Named> asked = parse(ctx);
    Optional<Project> found = registry.find(name);
    guard.requireUsage(ctx, name, found, asked.stream().allMatch(n -> n.query().countsOnly()));
    Project project = found.orElseGet(() -> registry.require(name)); // 404 for an unknown name
    UsageQuery range = asked.get(0).query();
    ctx.contentType("application/x-ndjson");
    OutputStream out = ctx.outputStream();
    // the events questions in one snapshot, each written as soon as it is known, and the
    // download questions between them where they were asked
    List<Named> ofEvents =
        asked.stream().filter(n -> !n.query().kind().equals(DownloadUsage.KIND)).toList();
    int[] written = {0};
    try {
      downloadsUpNext(ctx, out, project, asked, written);
      events.view(
          project.id(),
          range.from(),
          range.to(),
          ofEvents.stream().map(n -> n.query().question()).toList(),
          (q, a) -> {
            Named n = asked.get(written[0]);
            write(
                ctx,
                out,
                n.name(),
                ProjectRoutes.answer(
                    name, n.query(), a.total(), a.buckets(), retention.daysOf(project)));
            written[0]++;
            downloadsUpNext(ctx, out, project, asked, written);
          });
    } catch (StoreException e) {
      if (written[0] == 0) {
        throw e; // nothing written yet: the usual error answer
      }
      Map<String, Object> error = new LinkedHashMap<>();
      error.put("status", 503);
      error.put("message", "the store failed while answering; the answers above stand");
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("error", error);
      write(ctx, out, asked.get(written[0]).name(), line);
    }
  }

  /** Answers the download questions asked next, up to the next events question. */
  private void downloadsUpNext(
      Context ctx, OutputStream out, Project project, List<Named> asked, int[] written) {
    while (written[0] < asked.size()
        && asked.get(written[0]).query().kind().equals(DownloadUsage.KIND)) {
      Named n = asked.get(written[0]);
      write(ctx, out, n.name(), downloads.answer(project, n.query()));
      written[0]++;
    }
  }

  /** Every question of the request, checked; all share {@code from} and {@code to}. */
  private List<Named> parse(Context ctx) {
    List<String> qs = ctx.queryParams("q");
    if (qs.isEmpty()) {
      throw ApiException.badRequest(
          "Query parameter \"q\" is required: one per question, e.g."
              + " q=usersByVersion:metric=users,by=version");
    }
    if (qs.size() > MAX_QUESTIONS) {
      throw ApiException.badRequest(
          "A view takes at most " + MAX_QUESTIONS + " questions (q), was " + qs.size() + ".");
    }
    String from = ctx.queryParam("from");
    // one "now" for every question when "to" is left out
    String to = ctx.queryParam("to") == null ? clock.instant().toString() : ctx.queryParam("to");
    List<Named> out = new ArrayList<>(qs.size());
    Set<String> names = new HashSet<>();
    for (String q : qs) {
      int colon = q.indexOf(':');
      String qname = colon < 0 ? q : q.substring(0, colon);
      if (!NAME.matcher(qname).matches()) {
        throw ApiException.badRequest(
            "A question's name must match " + NAME_PATTERN + ", was \"" + qname + "\".");
      }
      if (!names.add(qname)) {
        throw ApiException.badRequest("Question \"" + qname + "\" is asked twice.");
      }
      Map<String, String> params = new HashMap<>();
      if (colon >= 0 && colon < q.length() - 1) {
        for (String pair : q.substring(colon + 1).split(",")) {
          int eq = pair.indexOf('=');
          if (eq <= 0) {
            throw ApiException.badRequest(
                "Question \"" + qname + "\": parameters are name=value, was \"" + pair + "\".");
          }
          String key = pair.substring(0, eq);
          if (key.equals("from") || key.equals("to")) {
            throw ApiException.badRequest(
                "Question \"" + qname + "\": from and to are the view's, not a question's.");
          }
          params.put(key, pair.substring(eq + 1));
        }
      }
      params.put("from", from);
      params.put("to", to);
      try {
        UsageQuery query = UsageQuery.parse(params::get, clock);
        if (query.kind().equals(DownloadUsage.KIND)) {
          DownloadUsage.check(query);
        }
        out.add(new Named(qname, query));
      } catch (ApiException e) {
        throw ApiException.badRequest("Question \"" + qname + "\": " + e.getMessage());
      }
    }
    return out;
  }

  private static void write(
      Context ctx, OutputStream out, String name, Map<String, Object> answer) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("name", name);
    line.putAll(answer);
    try {
      out.write(ctx.jsonMapper().toJsonString(line, Map.class).getBytes(StandardCharsets.UTF_8));
      out.write('\n');
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
